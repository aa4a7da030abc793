CREATE TABLE "consistency_alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"records" jsonb NOT NULL,
	"values" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	"dismissed_by" text,
	"dismiss_reason" text
);
--> statement-breakpoint
ALTER TABLE "consistency_alerts" ADD CONSTRAINT "consistency_alerts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consistency_alerts_fingerprint" ON "consistency_alerts" USING btree ("project_id","fingerprint");--> statement-breakpoint
CREATE INDEX "consistency_alerts_open" ON "consistency_alerts" USING btree ("project_id","resolved_at");