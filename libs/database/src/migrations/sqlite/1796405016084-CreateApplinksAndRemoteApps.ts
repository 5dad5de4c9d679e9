import { MigrationInterface, QueryRunner } from "typeorm";

/** Applinks: the service's own consumer identity; remote-apps: linked Atlassian applications and users' tokens there. */
export class CreateApplinksAndRemoteApps1796405016084 implements MigrationInterface {
    name = 'CreateApplinksAndRemoteApps1796405016084'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "service_identity" ("id" integer PRIMARY KEY NOT NULL, "consumer_key" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "description" text, "public_key_spki" text NOT NULL, "public_key_fingerprint" varchar(64) NOT NULL, "private_key_sealed" text NOT NULL, "key_created_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE TABLE "remote_apps" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "type" varchar(16) NOT NULL DEFAULT ('bitbucket'), "base_url" varchar(2048) NOT NULL, "rpc_url" varchar(2048), "request_token_path" varchar(1024) NOT NULL DEFAULT ('/plugins/servlet/oauth/request-token'), "authorize_path" varchar(1024) NOT NULL DEFAULT ('/plugins/servlet/oauth/authorize'), "access_token_path" varchar(1024) NOT NULL DEFAULT ('/plugins/servlet/oauth/access-token'), "two_legged_enabled" boolean NOT NULL DEFAULT (0), "impersonation_enabled" boolean NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_78620123f0093f75cae6bf83c16" UNIQUE ("name"))`);
        await queryRunner.query(`CREATE TABLE "remote_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "remote_app_id" integer NOT NULL, "user_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "token_sealed" text NOT NULL, "secret_sealed" text NOT NULL, "session_handle_sealed" text, "expires_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime)`);
        await queryRunner.query(`CREATE INDEX "IDX_remote_tokens_user_id" ON "remote_tokens" ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_remote_tokens_app_user_kind" ON "remote_tokens" ("remote_app_id", "user_id", "kind") `);
        await queryRunner.query(`DROP INDEX "IDX_remote_tokens_user_id"`);
        await queryRunner.query(`DROP INDEX "UQ_remote_tokens_app_user_kind"`);
        await queryRunner.query(`CREATE TABLE "temporary_remote_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "remote_app_id" integer NOT NULL, "user_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "token_sealed" text NOT NULL, "secret_sealed" text NOT NULL, "session_handle_sealed" text, "expires_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime, CONSTRAINT "FK_fa7cff3671d5812ca71495d0dac" FOREIGN KEY ("remote_app_id") REFERENCES "remote_apps" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_6091cbc34c50063dc74a7e3c095" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_remote_tokens"("id", "remote_app_id", "user_id", "kind", "token_sealed", "secret_sealed", "session_handle_sealed", "expires_at", "created_at", "last_used_at") SELECT "id", "remote_app_id", "user_id", "kind", "token_sealed", "secret_sealed", "session_handle_sealed", "expires_at", "created_at", "last_used_at" FROM "remote_tokens"`);
        await queryRunner.query(`DROP TABLE "remote_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_remote_tokens" RENAME TO "remote_tokens"`);
        await queryRunner.query(`CREATE INDEX "IDX_remote_tokens_user_id" ON "remote_tokens" ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_remote_tokens_app_user_kind" ON "remote_tokens" ("remote_app_id", "user_id", "kind") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "UQ_remote_tokens_app_user_kind"`);
        await queryRunner.query(`DROP INDEX "IDX_remote_tokens_user_id"`);
        await queryRunner.query(`ALTER TABLE "remote_tokens" RENAME TO "temporary_remote_tokens"`);
        await queryRunner.query(`CREATE TABLE "remote_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "remote_app_id" integer NOT NULL, "user_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "token_sealed" text NOT NULL, "secret_sealed" text NOT NULL, "session_handle_sealed" text, "expires_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime)`);
        await queryRunner.query(`INSERT INTO "remote_tokens"("id", "remote_app_id", "user_id", "kind", "token_sealed", "secret_sealed", "session_handle_sealed", "expires_at", "created_at", "last_used_at") SELECT "id", "remote_app_id", "user_id", "kind", "token_sealed", "secret_sealed", "session_handle_sealed", "expires_at", "created_at", "last_used_at" FROM "temporary_remote_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_remote_tokens"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_remote_tokens_app_user_kind" ON "remote_tokens" ("remote_app_id", "user_id", "kind") `);
        await queryRunner.query(`CREATE INDEX "IDX_remote_tokens_user_id" ON "remote_tokens" ("user_id") `);
        await queryRunner.query(`DROP INDEX "UQ_remote_tokens_app_user_kind"`);
        await queryRunner.query(`DROP INDEX "IDX_remote_tokens_user_id"`);
        await queryRunner.query(`DROP TABLE "remote_tokens"`);
        await queryRunner.query(`DROP TABLE "remote_apps"`);
        await queryRunner.query(`DROP TABLE "service_identity"`);
    }

}
