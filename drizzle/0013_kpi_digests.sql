CREATE TABLE "kpi_digests" (
	"project_id" text NOT NULL,
	"due_on" text NOT NULL,
	"since" text NOT NULL,
	"until" text NOT NULL,
	"kpis" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_digests_pk" PRIMARY KEY("project_id","due_on")
);
--> statement-breakpoint
ALTER TABLE "kpi_digests" ADD CONSTRAINT "kpi_digests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_digests_until_idx" ON "kpi_digests" USING btree ("project_id","until");