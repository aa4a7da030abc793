CREATE TABLE "site_deliverable_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"version" text NOT NULL,
	"issued_on" date NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "site_download_counts" (
	"project_id" text NOT NULL,
	"file_id" uuid NOT NULL,
	"day" date NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"unique" integer DEFAULT 0 NOT NULL,
	"robots" integer DEFAULT 0 NOT NULL,
	"double_clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "site_download_counts_pk" PRIMARY KEY("project_id","file_id","day")
);
--> statement-breakpoint
CREATE TABLE "site_download_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"file_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"visitor" text NOT NULL,
	"robot" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_download_salts" (
	"project_id" text NOT NULL,
	"day" date NOT NULL,
	"salt" text NOT NULL,
	CONSTRAINT "site_download_salts_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
ALTER TABLE "site_deliverable_files" ADD CONSTRAINT "site_deliverable_files_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_download_counts" ADD CONSTRAINT "site_download_counts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_download_counts" ADD CONSTRAINT "site_download_counts_file_id_site_deliverable_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."site_deliverable_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_download_events" ADD CONSTRAINT "site_download_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_download_events" ADD CONSTRAINT "site_download_events_file_id_site_deliverable_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."site_deliverable_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_download_salts" ADD CONSTRAINT "site_download_salts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "site_deliverable_files_version" ON "site_deliverable_files" USING btree ("project_id","code","version");--> statement-breakpoint
CREATE INDEX "site_download_counts_day" ON "site_download_counts" USING btree ("project_id","day");--> statement-breakpoint
CREATE INDEX "site_download_events_day" ON "site_download_events" USING btree ("project_id","day");