CREATE TABLE "news_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" text NOT NULL,
	"slug" text NOT NULL,
	"title_en" text NOT NULL,
	"title_ja" text,
	"summary_en" text NOT NULL,
	"summary_ja" text,
	"body_en" text NOT NULL,
	"body_ja" text,
	"image_sha256" text,
	"image_type" text,
	"image_alt_en" text,
	"image_alt_ja" text,
	"publish_on" date NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"partner_code" text,
	"rejection_reason" text,
	"author_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "news_posts" ADD CONSTRAINT "news_posts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "news_posts_slug" ON "news_posts" USING btree ("project_id","slug");--> statement-breakpoint
CREATE INDEX "news_posts_public" ON "news_posts" USING btree ("project_id","publish_on" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "news_posts"."state" = 'published';