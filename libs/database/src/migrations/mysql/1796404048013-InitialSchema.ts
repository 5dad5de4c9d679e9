import { MigrationInterface, QueryRunner } from "typeorm";

import { useBinaryCollation } from "../../binary-collation";

export class InitialSchema1796404048013 implements MigrationInterface {
    name = 'InitialSchema1796404048013'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`users\` (\`id\` int NOT NULL AUTO_INCREMENT, \`username\` varchar(255) NOT NULL, \`display_name\` varchar(255) NOT NULL, \`email\` varchar(320) NULL, \`role\` varchar(16) NOT NULL DEFAULT 'user', \`enabled\` tinyint NOT NULL DEFAULT 1, \`password_hash\` varchar(255) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_fe0bb3f6520ee0469504521e71\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`admin_api_tokens\` (\`id\` int NOT NULL AUTO_INCREMENT, \`user_id\` int NOT NULL, \`name\` varchar(100) NOT NULL, \`token_hash\` varchar(64) NOT NULL, \`prefix\` varchar(16) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`last_used_at\` datetime NULL, \`expires_at\` datetime NULL, \`revoked_at\` datetime NULL, UNIQUE INDEX \`IDX_bfb16c01d5b28fbce9fdbe3a66\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`sessions\` (\`id\` varchar(64) NOT NULL, \`user_id\` int NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`expires_at\` datetime NOT NULL, \`last_seen_at\` datetime NOT NULL, INDEX \`IDX_sessions_expires_at\` (\`expires_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`audit_events\` (\`id\` int NOT NULL AUTO_INCREMENT, \`occurred_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`actor\` varchar(255) NOT NULL, \`action\` varchar(64) NOT NULL, \`target_type\` varchar(32) NOT NULL, \`target_id\` varchar(255) NULL, \`details\` text NULL, \`ip_address\` varchar(64) NULL, INDEX \`IDX_audit_events_occurred_at\` (\`occurred_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`consumers\` (\`id\` int NOT NULL AUTO_INCREMENT, \`consumer_key\` varchar(255) NOT NULL, \`name\` varchar(255) NOT NULL, \`description\` text NULL, \`signature_methods\` varchar(64) NOT NULL, \`shared_secret_sealed\` text NULL, \`public_key_spki\` text NULL, \`public_key_fingerprint\` varchar(64) NULL, \`public_key_bits\` int NULL, \`allow_legacy_key\` tinyint NOT NULL DEFAULT 0, \`callback_url\` varchar(2048) NULL, \`allow_three_legged\` tinyint NOT NULL DEFAULT 1, \`allow_two_legged\` tinyint NOT NULL DEFAULT 0, \`two_legged_execute_as\` varchar(255) NULL, \`allow_impersonation\` tinyint NOT NULL DEFAULT 0, \`allow_token_renewal\` tinyint NOT NULL DEFAULT 0, \`enabled\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`deleted_at\` datetime NULL, UNIQUE INDEX \`IDX_29b05b6f76c68c6ffd3bcdb44b\` (\`consumer_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`access_tokens\` (\`id\` int NOT NULL AUTO_INCREMENT, \`token_hash\` varchar(64) NOT NULL, \`consumer_id\` int NOT NULL, \`user_id\` int NOT NULL, \`secret_sealed\` text NOT NULL, \`session_handle_hash\` varchar(64) NULL, \`session_started_at\` datetime NOT NULL, \`session_expires_at\` datetime NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`expires_at\` datetime NOT NULL, \`last_used_at\` datetime NULL, \`revoked_at\` datetime NULL, \`revoked_reason\` varchar(32) NULL, INDEX \`IDX_access_tokens_consumer_id\` (\`consumer_id\`), INDEX \`IDX_access_tokens_user_id\` (\`user_id\`), UNIQUE INDEX \`IDX_9bbf8c3c1a897742f78d50e729\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`nonces\` (\`id\` int NOT NULL AUTO_INCREMENT, \`consumer_id\` int NOT NULL, \`token_hash\` varchar(64) NOT NULL DEFAULT '', \`timestamp\` bigint NOT NULL, \`nonce\` varchar(128) NOT NULL, \`expires_at\` datetime NOT NULL, INDEX \`IDX_nonces_expires_at\` (\`expires_at\`), UNIQUE INDEX \`UQ_nonces_consumer_token_timestamp_nonce\` (\`consumer_id\`, \`token_hash\`, \`timestamp\`, \`nonce\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`request_tokens\` (\`id\` int NOT NULL AUTO_INCREMENT, \`token_hash\` varchar(64) NOT NULL, \`consumer_id\` int NOT NULL, \`secret_sealed\` text NOT NULL, \`callback\` varchar(2048) NOT NULL, \`state\` varchar(16) NOT NULL DEFAULT 'issued', \`user_id\` int NULL, \`verifier_hash\` varchar(64) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`expires_at\` datetime NOT NULL, \`decided_at\` datetime NULL, INDEX \`IDX_request_tokens_expires_at\` (\`expires_at\`), UNIQUE INDEX \`IDX_106ceb72933191e7e1eae4fd02\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`admin_api_tokens\` ADD CONSTRAINT \`FK_3472a7d19a801408e21b7a0acde\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`sessions\` ADD CONSTRAINT \`FK_085d540d9f418cfbdc7bd55bb19\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`access_tokens\` ADD CONSTRAINT \`FK_1bd5a10745d4afb317019188dba\` FOREIGN KEY (\`consumer_id\`) REFERENCES \`consumers\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`access_tokens\` ADD CONSTRAINT \`FK_09ee750a035b06e0c7f0704687e\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`nonces\` ADD CONSTRAINT \`FK_678868bc00d202fa72eb3b3bc49\` FOREIGN KEY (\`consumer_id\`) REFERENCES \`consumers\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`request_tokens\` ADD CONSTRAINT \`FK_3d03c2890a45a27daed0ba2361e\` FOREIGN KEY (\`consumer_id\`) REFERENCES \`consumers\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`request_tokens\` ADD CONSTRAINT \`FK_7a03dd9e8acfb2360e3469efa96\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Keys, token hashes and nonces compare byte-exactly whatever the database default (checklist C1).
        for (const table of ["users", "admin_api_tokens", "sessions", "audit_events", "consumers", "access_tokens", "nonces", "request_tokens"]) {
            await useBinaryCollation(queryRunner, table);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`request_tokens\` DROP FOREIGN KEY \`FK_7a03dd9e8acfb2360e3469efa96\``);
        await queryRunner.query(`ALTER TABLE \`request_tokens\` DROP FOREIGN KEY \`FK_3d03c2890a45a27daed0ba2361e\``);
        await queryRunner.query(`ALTER TABLE \`nonces\` DROP FOREIGN KEY \`FK_678868bc00d202fa72eb3b3bc49\``);
        await queryRunner.query(`ALTER TABLE \`access_tokens\` DROP FOREIGN KEY \`FK_09ee750a035b06e0c7f0704687e\``);
        await queryRunner.query(`ALTER TABLE \`access_tokens\` DROP FOREIGN KEY \`FK_1bd5a10745d4afb317019188dba\``);
        await queryRunner.query(`ALTER TABLE \`sessions\` DROP FOREIGN KEY \`FK_085d540d9f418cfbdc7bd55bb19\``);
        await queryRunner.query(`ALTER TABLE \`admin_api_tokens\` DROP FOREIGN KEY \`FK_3472a7d19a801408e21b7a0acde\``);
        await queryRunner.query(`DROP INDEX \`IDX_106ceb72933191e7e1eae4fd02\` ON \`request_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_request_tokens_expires_at\` ON \`request_tokens\``);
        await queryRunner.query(`DROP TABLE \`request_tokens\``);
        await queryRunner.query(`DROP INDEX \`UQ_nonces_consumer_token_timestamp_nonce\` ON \`nonces\``);
        await queryRunner.query(`DROP INDEX \`IDX_nonces_expires_at\` ON \`nonces\``);
        await queryRunner.query(`DROP TABLE \`nonces\``);
        await queryRunner.query(`DROP INDEX \`IDX_9bbf8c3c1a897742f78d50e729\` ON \`access_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_access_tokens_user_id\` ON \`access_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_access_tokens_consumer_id\` ON \`access_tokens\``);
        await queryRunner.query(`DROP TABLE \`access_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_29b05b6f76c68c6ffd3bcdb44b\` ON \`consumers\``);
        await queryRunner.query(`DROP TABLE \`consumers\``);
        await queryRunner.query(`DROP INDEX \`IDX_audit_events_occurred_at\` ON \`audit_events\``);
        await queryRunner.query(`DROP TABLE \`audit_events\``);
        await queryRunner.query(`DROP INDEX \`IDX_sessions_expires_at\` ON \`sessions\``);
        await queryRunner.query(`DROP TABLE \`sessions\``);
        await queryRunner.query(`DROP INDEX \`IDX_bfb16c01d5b28fbce9fdbe3a66\` ON \`admin_api_tokens\``);
        await queryRunner.query(`DROP TABLE \`admin_api_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_fe0bb3f6520ee0469504521e71\` ON \`users\``);
        await queryRunner.query(`DROP TABLE \`users\``);
    }

}
