CREATE TABLE "openaire_link_checks" (
	"project_id" text NOT NULL,
	"doi" text NOT NULL,
	"state" text NOT NULL,
	"openaire_id" text,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "openaire_link_checks_project_id_doi_pk" PRIMARY KEY("project_id","doi")
);
--> statement-breakpoint
CREATE TABLE "source_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"http_status" integer NOT NULL,
	"content_type" text,
	"body" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_configs" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"source" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" text,
	"secret_set_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"source" text NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"actor" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"items" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"invalid" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"message" text,
	"retry_at" timestamp with time zone,
	"batch_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "suggested_outputs" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"doi" text,
	"title" text NOT NULL,
	"product_type" text,
	"published_on" text,
	"item" jsonb NOT NULL,
	"status" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"record_id" text,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "openaire_link_checks" ADD CONSTRAINT "openaire_link_checks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_configs" ADD CONSTRAINT "source_configs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_runs" ADD CONSTRAINT "source_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggested_outputs" ADD CONSTRAINT "suggested_outputs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_cache_expires" ON "source_cache" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "source_configs_project_source" ON "source_configs" USING btree ("project_id","source");--> statement-breakpoint
CREATE INDEX "source_runs_project_source" ON "source_runs" USING btree ("project_id","source","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "suggested_outputs_external" ON "suggested_outputs" USING btree ("project_id","source","external_id");--> statement-breakpoint
CREATE INDEX "suggested_outputs_status" ON "suggested_outputs" USING btree ("project_id","status");