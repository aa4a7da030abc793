CREATE TABLE "figure_cache" (
	"project_id" text NOT NULL,
	"variant" text NOT NULL,
	"audit_seq" integer NOT NULL,
	"plan_version" integer NOT NULL,
	"as_of" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"charts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"worst_status" text,
	CONSTRAINT "figure_cache_pk" PRIMARY KEY("project_id","variant")
);
--> statement-breakpoint
CREATE TABLE "portfolio_members" (
	"portfolio_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portfolio_members_pk" PRIMARY KEY("portfolio_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "portfolio_projects" (
	"portfolio_id" text NOT NULL,
	"project_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portfolio_projects_pk" PRIMARY KEY("portfolio_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "portfolios" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'organisation' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "figure_cache" ADD CONSTRAINT "figure_cache_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_members" ADD CONSTRAINT "portfolio_members_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_members" ADD CONSTRAINT "portfolio_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_projects" ADD CONSTRAINT "portfolio_projects_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_projects" ADD CONSTRAINT "portfolio_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "figure_cache_status" ON "figure_cache" USING btree ("worst_status","project_id");--> statement-breakpoint
CREATE INDEX "portfolio_members_user" ON "portfolio_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "portfolio_projects_project" ON "portfolio_projects" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "partners_name" ON "partners" USING btree ("name");--> statement-breakpoint
CREATE INDEX "projects_acronym_id" ON "projects" USING btree ("acronym","id");--> statement-breakpoint
CREATE INDEX "projects_programme" ON "projects" USING btree ("programme","acronym","id");--> statement-breakpoint
CREATE INDEX "activities_pending" ON "activities" USING btree ("pending_batch") WHERE pending_batch is not null;--> statement-breakpoint
CREATE INDEX "events_pending" ON "events" USING btree ("pending_batch") WHERE pending_batch is not null;--> statement-breakpoint
CREATE INDEX "metric_snapshots_pending" ON "metric_snapshots" USING btree ("pending_batch") WHERE pending_batch is not null;--> statement-breakpoint
CREATE INDEX "publications_pending" ON "publications" USING btree ("pending_batch") WHERE pending_batch is not null;--> statement-breakpoint
CREATE INDEX "synergies_pending" ON "synergies" USING btree ("pending_batch") WHERE pending_batch is not null;