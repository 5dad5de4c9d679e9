import { MigrationInterface, QueryRunner } from "typeorm";

/** The example protected module (resources/projects): projects owned by users, and their builds. */
export class CreateProjects1796404420117 implements MigrationInterface {
    name = 'CreateProjects1796404420117'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "projects" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "key" varchar(32) NOT NULL, "name" varchar(200) NOT NULL, "description" text, "visibility" varchar(16) NOT NULL DEFAULT ('private'), "owner_id" integer NOT NULL, "next_build_number" integer NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`CREATE INDEX "IDX_projects_owner_id" ON "projects" ("owner_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_projects_owner_key" ON "projects" ("owner_id", "key") `);
        await queryRunner.query(`CREATE TABLE "builds" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "project_id" integer NOT NULL, "number" integer NOT NULL, "ref" varchar(255) NOT NULL, "reason" varchar(500), "status" varchar(16) NOT NULL DEFAULT ('queued'), "triggered_by_id" integer NOT NULL, "triggered_via" varchar(255) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_396e1b0d2e1a9934db04a5ce072" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_941ddd4c5c2e59642b4d64a948c" FOREIGN KEY ("triggered_by_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_builds_project_number" ON "builds" ("project_id", "number") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "UQ_builds_project_number"`);
        await queryRunner.query(`DROP TABLE "builds"`);
        await queryRunner.query(`DROP INDEX "UQ_projects_owner_key"`);
        await queryRunner.query(`DROP INDEX "IDX_projects_owner_id"`);
        await queryRunner.query(`DROP TABLE "projects"`);
    }

}
