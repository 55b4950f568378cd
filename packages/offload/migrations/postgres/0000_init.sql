CREATE TABLE "argo_workflows" (
	"clustername" varchar(64) NOT NULL,
	"uid" varchar(128) NOT NULL,
	"namespace" varchar(256) NOT NULL,
	"version" varchar(64) NOT NULL,
	"nodes" json NOT NULL,
	"updatedat" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "argo_workflows_pkey" PRIMARY KEY("clustername","uid","version")
);
--> statement-breakpoint
CREATE INDEX "argo_workflows_i1" ON "argo_workflows" USING btree ("clustername","namespace","updatedat");