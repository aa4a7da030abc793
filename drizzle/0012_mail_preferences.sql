CREATE TABLE "mail_preferences" (
	"user_id" text NOT NULL,
	"project_id" text NOT NULL,
	"topic" text NOT NULL,
	"state" text,
	"snoozed_until" date,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_preferences_user_id_project_id_topic_pk" PRIMARY KEY("user_id","project_id","topic")
);
--> statement-breakpoint
ALTER TABLE "mail_preferences" ADD CONSTRAINT "mail_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_preferences" ADD CONSTRAINT "mail_preferences_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;