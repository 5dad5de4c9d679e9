import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1796404042767 implements MigrationInterface {
    name = 'InitialSchema1796404042767'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "username" varchar(255) NOT NULL, "display_name" varchar(255) NOT NULL, "email" varchar(320), "role" varchar(16) NOT NULL DEFAULT ('user'), "enabled" boolean NOT NULL DEFAULT (1), "password_hash" varchar(255), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`);
        await queryRunner.query(`CREATE TABLE "admin_api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "token_hash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime, "expires_at" datetime, "revoked_at" datetime, CONSTRAINT "UQ_bfb16c01d5b28fbce9fdbe3a665" UNIQUE ("token_hash"))`);
        await queryRunner.query(`CREATE TABLE "sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_seen_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at") `);
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "occurred_at" datetime NOT NULL DEFAULT (datetime('now')), "actor" varchar(255) NOT NULL, "action" varchar(64) NOT NULL, "target_type" varchar(32) NOT NULL, "target_id" varchar(255), "details" text, "ip_address" varchar(64))`);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_occurred_at" ON "audit_events" ("occurred_at") `);
        await queryRunner.query(`CREATE TABLE "consumers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "consumer_key" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "description" text, "signature_methods" varchar(64) NOT NULL, "shared_secret_sealed" text, "public_key_spki" text, "public_key_fingerprint" varchar(64), "public_key_bits" integer, "allow_legacy_key" boolean NOT NULL DEFAULT (0), "callback_url" varchar(2048), "allow_three_legged" boolean NOT NULL DEFAULT (1), "allow_two_legged" boolean NOT NULL DEFAULT (0), "two_legged_execute_as" varchar(255), "allow_impersonation" boolean NOT NULL DEFAULT (0), "allow_token_renewal" boolean NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "deleted_at" datetime, CONSTRAINT "UQ_29b05b6f76c68c6ffd3bcdb44b3" UNIQUE ("consumer_key"))`);
        await queryRunner.query(`CREATE TABLE "access_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "user_id" integer NOT NULL, "secret_sealed" text NOT NULL, "session_handle_hash" varchar(64), "session_started_at" datetime NOT NULL, "session_expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_used_at" datetime, "revoked_at" datetime, "revoked_reason" varchar(32), CONSTRAINT "UQ_9bbf8c3c1a897742f78d50e729b" UNIQUE ("token_hash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_consumer_id" ON "access_tokens" ("consumer_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_user_id" ON "access_tokens" ("user_id") `);
        await queryRunner.query(`CREATE TABLE "nonces" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "consumer_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL DEFAULT (''), "timestamp" bigint NOT NULL, "nonce" varchar(128) NOT NULL, "expires_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_nonces_expires_at" ON "nonces" ("expires_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_nonces_consumer_token_timestamp_nonce" ON "nonces" ("consumer_id", "token_hash", "timestamp", "nonce") `);
        await queryRunner.query(`CREATE TABLE "request_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "secret_sealed" text NOT NULL, "callback" varchar(2048) NOT NULL, "state" varchar(16) NOT NULL DEFAULT ('issued'), "user_id" integer, "verifier_hash" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "decided_at" datetime, CONSTRAINT "UQ_106ceb72933191e7e1eae4fd027" UNIQUE ("token_hash"))`);
        await queryRunner.query(`CREATE INDEX "IDX_request_tokens_expires_at" ON "request_tokens" ("expires_at") `);
        await queryRunner.query(`CREATE TABLE "temporary_admin_api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "token_hash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime, "expires_at" datetime, "revoked_at" datetime, CONSTRAINT "UQ_bfb16c01d5b28fbce9fdbe3a665" UNIQUE ("token_hash"), CONSTRAINT "FK_3472a7d19a801408e21b7a0acde" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_admin_api_tokens"("id", "user_id", "name", "token_hash", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at") SELECT "id", "user_id", "name", "token_hash", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at" FROM "admin_api_tokens"`);
        await queryRunner.query(`DROP TABLE "admin_api_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_admin_api_tokens" RENAME TO "admin_api_tokens"`);
        await queryRunner.query(`DROP INDEX "IDX_sessions_expires_at"`);
        await queryRunner.query(`CREATE TABLE "temporary_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_seen_at" datetime NOT NULL, CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_sessions"("id", "user_id", "created_at", "expires_at", "last_seen_at") SELECT "id", "user_id", "created_at", "expires_at", "last_seen_at" FROM "sessions"`);
        await queryRunner.query(`DROP TABLE "sessions"`);
        await queryRunner.query(`ALTER TABLE "temporary_sessions" RENAME TO "sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at") `);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_consumer_id"`);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_user_id"`);
        await queryRunner.query(`CREATE TABLE "temporary_access_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "user_id" integer NOT NULL, "secret_sealed" text NOT NULL, "session_handle_hash" varchar(64), "session_started_at" datetime NOT NULL, "session_expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_used_at" datetime, "revoked_at" datetime, "revoked_reason" varchar(32), CONSTRAINT "UQ_9bbf8c3c1a897742f78d50e729b" UNIQUE ("token_hash"), CONSTRAINT "FK_1bd5a10745d4afb317019188dba" FOREIGN KEY ("consumer_id") REFERENCES "consumers" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_09ee750a035b06e0c7f0704687e" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_access_tokens"("id", "token_hash", "consumer_id", "user_id", "secret_sealed", "session_handle_hash", "session_started_at", "session_expires_at", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason") SELECT "id", "token_hash", "consumer_id", "user_id", "secret_sealed", "session_handle_hash", "session_started_at", "session_expires_at", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason" FROM "access_tokens"`);
        await queryRunner.query(`DROP TABLE "access_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_access_tokens" RENAME TO "access_tokens"`);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_consumer_id" ON "access_tokens" ("consumer_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_user_id" ON "access_tokens" ("user_id") `);
        await queryRunner.query(`DROP INDEX "IDX_nonces_expires_at"`);
        await queryRunner.query(`DROP INDEX "UQ_nonces_consumer_token_timestamp_nonce"`);
        await queryRunner.query(`CREATE TABLE "temporary_nonces" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "consumer_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL DEFAULT (''), "timestamp" bigint NOT NULL, "nonce" varchar(128) NOT NULL, "expires_at" datetime NOT NULL, CONSTRAINT "FK_678868bc00d202fa72eb3b3bc49" FOREIGN KEY ("consumer_id") REFERENCES "consumers" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_nonces"("id", "consumer_id", "token_hash", "timestamp", "nonce", "expires_at") SELECT "id", "consumer_id", "token_hash", "timestamp", "nonce", "expires_at" FROM "nonces"`);
        await queryRunner.query(`DROP TABLE "nonces"`);
        await queryRunner.query(`ALTER TABLE "temporary_nonces" RENAME TO "nonces"`);
        await queryRunner.query(`CREATE INDEX "IDX_nonces_expires_at" ON "nonces" ("expires_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_nonces_consumer_token_timestamp_nonce" ON "nonces" ("consumer_id", "token_hash", "timestamp", "nonce") `);
        await queryRunner.query(`DROP INDEX "IDX_request_tokens_expires_at"`);
        await queryRunner.query(`CREATE TABLE "temporary_request_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "secret_sealed" text NOT NULL, "callback" varchar(2048) NOT NULL, "state" varchar(16) NOT NULL DEFAULT ('issued'), "user_id" integer, "verifier_hash" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "decided_at" datetime, CONSTRAINT "UQ_106ceb72933191e7e1eae4fd027" UNIQUE ("token_hash"), CONSTRAINT "FK_3d03c2890a45a27daed0ba2361e" FOREIGN KEY ("consumer_id") REFERENCES "consumers" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_7a03dd9e8acfb2360e3469efa96" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_request_tokens"("id", "token_hash", "consumer_id", "secret_sealed", "callback", "state", "user_id", "verifier_hash", "created_at", "expires_at", "decided_at") SELECT "id", "token_hash", "consumer_id", "secret_sealed", "callback", "state", "user_id", "verifier_hash", "created_at", "expires_at", "decided_at" FROM "request_tokens"`);
        await queryRunner.query(`DROP TABLE "request_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_request_tokens" RENAME TO "request_tokens"`);
        await queryRunner.query(`CREATE INDEX "IDX_request_tokens_expires_at" ON "request_tokens" ("expires_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_request_tokens_expires_at"`);
        await queryRunner.query(`ALTER TABLE "request_tokens" RENAME TO "temporary_request_tokens"`);
        await queryRunner.query(`CREATE TABLE "request_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "secret_sealed" text NOT NULL, "callback" varchar(2048) NOT NULL, "state" varchar(16) NOT NULL DEFAULT ('issued'), "user_id" integer, "verifier_hash" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "decided_at" datetime, CONSTRAINT "UQ_106ceb72933191e7e1eae4fd027" UNIQUE ("token_hash"))`);
        await queryRunner.query(`INSERT INTO "request_tokens"("id", "token_hash", "consumer_id", "secret_sealed", "callback", "state", "user_id", "verifier_hash", "created_at", "expires_at", "decided_at") SELECT "id", "token_hash", "consumer_id", "secret_sealed", "callback", "state", "user_id", "verifier_hash", "created_at", "expires_at", "decided_at" FROM "temporary_request_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_request_tokens"`);
        await queryRunner.query(`CREATE INDEX "IDX_request_tokens_expires_at" ON "request_tokens" ("expires_at") `);
        await queryRunner.query(`DROP INDEX "UQ_nonces_consumer_token_timestamp_nonce"`);
        await queryRunner.query(`DROP INDEX "IDX_nonces_expires_at"`);
        await queryRunner.query(`ALTER TABLE "nonces" RENAME TO "temporary_nonces"`);
        await queryRunner.query(`CREATE TABLE "nonces" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "consumer_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL DEFAULT (''), "timestamp" bigint NOT NULL, "nonce" varchar(128) NOT NULL, "expires_at" datetime NOT NULL)`);
        await queryRunner.query(`INSERT INTO "nonces"("id", "consumer_id", "token_hash", "timestamp", "nonce", "expires_at") SELECT "id", "consumer_id", "token_hash", "timestamp", "nonce", "expires_at" FROM "temporary_nonces"`);
        await queryRunner.query(`DROP TABLE "temporary_nonces"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_nonces_consumer_token_timestamp_nonce" ON "nonces" ("consumer_id", "token_hash", "timestamp", "nonce") `);
        await queryRunner.query(`CREATE INDEX "IDX_nonces_expires_at" ON "nonces" ("expires_at") `);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_user_id"`);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_consumer_id"`);
        await queryRunner.query(`ALTER TABLE "access_tokens" RENAME TO "temporary_access_tokens"`);
        await queryRunner.query(`CREATE TABLE "access_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "token_hash" varchar(64) NOT NULL, "consumer_id" integer NOT NULL, "user_id" integer NOT NULL, "secret_sealed" text NOT NULL, "session_handle_hash" varchar(64), "session_started_at" datetime NOT NULL, "session_expires_at" datetime NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_used_at" datetime, "revoked_at" datetime, "revoked_reason" varchar(32), CONSTRAINT "UQ_9bbf8c3c1a897742f78d50e729b" UNIQUE ("token_hash"))`);
        await queryRunner.query(`INSERT INTO "access_tokens"("id", "token_hash", "consumer_id", "user_id", "secret_sealed", "session_handle_hash", "session_started_at", "session_expires_at", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason") SELECT "id", "token_hash", "consumer_id", "user_id", "secret_sealed", "session_handle_hash", "session_started_at", "session_expires_at", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason" FROM "temporary_access_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_access_tokens"`);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_user_id" ON "access_tokens" ("user_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_access_tokens_consumer_id" ON "access_tokens" ("consumer_id") `);
        await queryRunner.query(`DROP INDEX "IDX_sessions_expires_at"`);
        await queryRunner.query(`ALTER TABLE "sessions" RENAME TO "temporary_sessions"`);
        await queryRunner.query(`CREATE TABLE "sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "user_id" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "expires_at" datetime NOT NULL, "last_seen_at" datetime NOT NULL)`);
        await queryRunner.query(`INSERT INTO "sessions"("id", "user_id", "created_at", "expires_at", "last_seen_at") SELECT "id", "user_id", "created_at", "expires_at", "last_seen_at" FROM "temporary_sessions"`);
        await queryRunner.query(`DROP TABLE "temporary_sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at") `);
        await queryRunner.query(`ALTER TABLE "admin_api_tokens" RENAME TO "temporary_admin_api_tokens"`);
        await queryRunner.query(`CREATE TABLE "admin_api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "token_hash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "last_used_at" datetime, "expires_at" datetime, "revoked_at" datetime, CONSTRAINT "UQ_bfb16c01d5b28fbce9fdbe3a665" UNIQUE ("token_hash"))`);
        await queryRunner.query(`INSERT INTO "admin_api_tokens"("id", "user_id", "name", "token_hash", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at") SELECT "id", "user_id", "name", "token_hash", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at" FROM "temporary_admin_api_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_admin_api_tokens"`);
        await queryRunner.query(`DROP INDEX "IDX_request_tokens_expires_at"`);
        await queryRunner.query(`DROP TABLE "request_tokens"`);
        await queryRunner.query(`DROP INDEX "UQ_nonces_consumer_token_timestamp_nonce"`);
        await queryRunner.query(`DROP INDEX "IDX_nonces_expires_at"`);
        await queryRunner.query(`DROP TABLE "nonces"`);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_user_id"`);
        await queryRunner.query(`DROP INDEX "IDX_access_tokens_consumer_id"`);
        await queryRunner.query(`DROP TABLE "access_tokens"`);
        await queryRunner.query(`DROP TABLE "consumers"`);
        await queryRunner.query(`DROP INDEX "IDX_audit_events_occurred_at"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "IDX_sessions_expires_at"`);
        await queryRunner.query(`DROP TABLE "sessions"`);
        await queryRunner.query(`DROP TABLE "admin_api_tokens"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
