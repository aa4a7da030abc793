CREATE TABLE "audit_signed_heads" (
	"chain" text NOT NULL,
	"seq" integer NOT NULL,
	"hash" text NOT NULL,
	"signed_at" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "audit_signed_heads_chain_seq_pk" PRIMARY KEY("chain","seq")
);
--> statement-breakpoint
CREATE TABLE "instance_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"algorithm" text DEFAULT 'ed25519' NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "kpi_manual_values" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "synergies" ADD COLUMN "pending_batch" uuid;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "state" text DEFAULT 'committed' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "heartbeat_at" timestamp with time zone;