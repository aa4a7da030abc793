CREATE TABLE "year_closures" (
	"project_id" text NOT NULL,
	"year" integer NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by" text NOT NULL,
	"via" text DEFAULT 'manual' NOT NULL,
	"reason" text,
	CONSTRAINT "year_closures_pk" PRIMARY KEY("project_id","year")
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "lang" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "lang" text;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "date_precision" text DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "container_doi" text;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "title_original" text;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "complete_source" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "complete_as_of" date;--> statement-breakpoint
ALTER TABLE "year_closures" ADD CONSTRAINT "year_closures_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
UPDATE "publications" SET "date_precision" = 'year' WHERE "date" IS NULL;
