CREATE TABLE "brand_checks" (
	"project_id" text NOT NULL,
	"file_id" uuid NOT NULL,
	"ruleset_version" text NOT NULL,
	"context" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"errors" integer NOT NULL,
	"warnings" integer NOT NULL,
	"notes" integer NOT NULL,
	"sha256" text NOT NULL,
	"checked_by" text NOT NULL,
	CONSTRAINT "brand_checks_project_id_file_id_pk" PRIMARY KEY("project_id","file_id")
);
--> statement-breakpoint
ALTER TABLE "brand_checks" ADD CONSTRAINT "brand_checks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_checks" ADD CONSTRAINT "brand_checks_file_id_evidence_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."evidence_files"("id") ON DELETE cascade ON UPDATE no action;