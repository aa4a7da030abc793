CREATE TABLE "period_signoffs" (
	"project_id" text NOT NULL,
	"period" integer NOT NULL,
	"partner_code" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"state" text NOT NULL,
	"missing" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "period_signoffs_pk" PRIMARY KEY("project_id","period","partner_code"),
	CONSTRAINT "period_signoffs_state" CHECK ("period_signoffs"."state" IN ('confirmed', 'incomplete')),
	CONSTRAINT "period_signoffs_missing" CHECK (("period_signoffs"."state" = 'confirmed' AND "period_signoffs"."missing" IS NULL) OR ("period_signoffs"."state" = 'incomplete' AND "period_signoffs"."missing" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "period_signoffs" ADD CONSTRAINT "period_signoffs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;