CREATE TABLE "deviations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" text,
	"noted_on" date NOT NULL,
	"kpi" text,
	"wp" text,
	"description" text NOT NULL,
	"corrective_action" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" text,
	"review" text NOT NULL,
	"received_on" date,
	"text" text NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"actions" text DEFAULT '' NOT NULL,
	"kpis" text[] DEFAULT '{}'::text[] NOT NULL,
	"records" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"original_id" uuid NOT NULL,
	"correction_id" uuid NOT NULL,
	"report_id" uuid,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"reported_in" uuid
);
--> statement-breakpoint
CREATE TABLE "report_files" (
	"report_id" uuid NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_files_pk" PRIMARY KEY("report_id","format")
);
--> statement-breakpoint
CREATE TABLE "report_locks" (
	"report_id" uuid NOT NULL,
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"digest" text NOT NULL,
	CONSTRAINT "report_locks_pk" PRIMARY KEY("kind","record_id","report_id")
);
--> statement-breakpoint
CREATE TABLE "report_texts" (
	"project_id" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"lang" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "report_texts_pk" PRIMARY KEY("project_id","scope","key","lang")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"scope" text NOT NULL,
	"year" integer,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"lang" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"plan_version" integer NOT NULL,
	"audit_seq" integer NOT NULL,
	"audit_head" text,
	"figures" jsonb NOT NULL,
	"manifest" jsonb,
	"merkle_root" text,
	"signature" text,
	"key_fingerprint" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text
);
--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_corrections" ADD CONSTRAINT "record_corrections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_corrections" ADD CONSTRAINT "record_corrections_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_corrections" ADD CONSTRAINT "record_corrections_reported_in_reports_id_fk" FOREIGN KEY ("reported_in") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_files" ADD CONSTRAINT "report_files_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_locks" ADD CONSTRAINT "report_locks_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_locks" ADD CONSTRAINT "report_locks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deviations_project" ON "deviations" USING btree ("project_id","noted_on");--> statement-breakpoint
CREATE INDEX "recommendations_project" ON "recommendations" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "record_corrections_original" ON "record_corrections" USING btree ("kind","original_id");--> statement-breakpoint
CREATE INDEX "record_corrections_project" ON "record_corrections" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "report_locks_project" ON "report_locks" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "reports_project" ON "reports" USING btree ("project_id","scope","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_one_submitted" ON "reports" USING btree ("project_id","scope","lang") WHERE state = 'submitted';