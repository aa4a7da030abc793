CREATE TABLE "deliverables" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"retired_at" timestamp with time zone,
	"wp_code" text NOT NULL,
	"title" text NOT NULL,
	"due_month" integer NOT NULL,
	"dissemination_level" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpis" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"retired_at" timestamp with time zone,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"target" double precision NOT NULL,
	"comparator" text NOT NULL,
	"measure" jsonb NOT NULL,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"retired_at" timestamp with time zone,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"region" text NOT NULL,
	"kind" text NOT NULL,
	"sector" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"source_name" text NOT NULL,
	"source_text" text NOT NULL,
	"plan" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"acronym" text NOT NULL,
	"title" text NOT NULL,
	"programme" text NOT NULL,
	"start_date" text NOT NULL,
	"duration_months" integer NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"retired_at" timestamp with time zone,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"responsible" jsonb NOT NULL,
	"months" jsonb NOT NULL,
	"estimated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_packages" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"code" text NOT NULL,
	"retired_at" timestamp with time zone,
	"title" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliverables" ADD CONSTRAINT "deliverables_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_items" ADD CONSTRAINT "timeline_items_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_packages" ADD CONSTRAINT "work_packages_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliverables_project_code" ON "deliverables" USING btree ("project_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "kpis_project_code" ON "kpis" USING btree ("project_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "partners_project_code" ON "partners" USING btree ("project_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_project_version" ON "plan_versions" USING btree ("project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_items_project_code" ON "timeline_items" USING btree ("project_id","code");--> statement-breakpoint
CREATE INDEX "timeline_items_project" ON "timeline_items" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_packages_project_code" ON "work_packages" USING btree ("project_id","code");