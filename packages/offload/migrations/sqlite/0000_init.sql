CREATE TABLE `argo_workflows` (
	`clustername` text NOT NULL,
	`uid` text NOT NULL,
	`namespace` text NOT NULL,
	`version` text NOT NULL,
	`nodes` text NOT NULL,
	`updatedat` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`clustername`, `uid`, `version`)
);
--> statement-breakpoint
CREATE INDEX `argo_workflows_i1` ON `argo_workflows` (`clustername`,`namespace`,`updatedat`);