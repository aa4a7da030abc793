CREATE TABLE "job_schedules" (
	"name" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"last_due_at" timestamp with time zone,
	"last_job_id" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "job_schedules_name_scope_pk" PRIMARY KEY("name","scope")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"project_id" text,
	"payload" jsonb NOT NULL,
	"idempotency_key" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"result" jsonb,
	"schedule" text,
	"due_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"progress_done" integer,
	"progress_total" integer
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_idempotency" ON "jobs" USING btree ("kind","idempotency_key");--> statement-breakpoint
CREATE INDEX "jobs_due" ON "jobs" USING btree ("run_at") WHERE state = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_kind_state" ON "jobs" USING btree ("kind","state");--> statement-breakpoint
CREATE INDEX "jobs_project" ON "jobs" USING btree ("project_id");