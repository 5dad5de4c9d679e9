import { MigrationInterface, QueryRunner } from "typeorm";

import { useBinaryCollation } from "../../binary-collation";

/** Applinks: the service's own consumer identity; remote-apps: linked Atlassian applications and users' tokens there. */
export class CreateApplinksAndRemoteApps1796405034943 implements MigrationInterface {
    name = 'CreateApplinksAndRemoteApps1796405034943'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`service_identity\` (\`id\` int NOT NULL, \`consumer_key\` varchar(255) NOT NULL, \`name\` varchar(255) NOT NULL, \`description\` text NULL, \`public_key_spki\` text NOT NULL, \`public_key_fingerprint\` varchar(64) NOT NULL, \`private_key_sealed\` text NOT NULL, \`key_created_at\` datetime NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`remote_apps\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(255) NOT NULL, \`type\` varchar(16) NOT NULL DEFAULT 'bitbucket', \`base_url\` varchar(2048) NOT NULL, \`rpc_url\` varchar(2048) NULL, \`request_token_path\` varchar(1024) NOT NULL DEFAULT '/plugins/servlet/oauth/request-token', \`authorize_path\` varchar(1024) NOT NULL DEFAULT '/plugins/servlet/oauth/authorize', \`access_token_path\` varchar(1024) NOT NULL DEFAULT '/plugins/servlet/oauth/access-token', \`two_legged_enabled\` tinyint NOT NULL DEFAULT 0, \`impersonation_enabled\` tinyint NOT NULL DEFAULT 0, \`enabled\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_78620123f0093f75cae6bf83c1\` (\`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`remote_tokens\` (\`id\` int NOT NULL AUTO_INCREMENT, \`remote_app_id\` int NOT NULL, \`user_id\` int NOT NULL, \`kind\` varchar(16) NOT NULL, \`token_sealed\` text NOT NULL, \`secret_sealed\` text NOT NULL, \`session_handle_sealed\` text NULL, \`expires_at\` datetime NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`last_used_at\` datetime NULL, INDEX \`IDX_remote_tokens_user_id\` (\`user_id\`), UNIQUE INDEX \`UQ_remote_tokens_app_user_kind\` (\`remote_app_id\`, \`user_id\`, \`kind\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`remote_tokens\` ADD CONSTRAINT \`FK_fa7cff3671d5812ca71495d0dac\` FOREIGN KEY (\`remote_app_id\`) REFERENCES \`remote_apps\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`remote_tokens\` ADD CONSTRAINT \`FK_6091cbc34c50063dc74a7e3c095\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Keys and names compare byte-exactly, like every identifier (checklist C1).
        for (const table of ["service_identity", "remote_apps", "remote_tokens"]) {
            await useBinaryCollation(queryRunner, table);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`remote_tokens\` DROP FOREIGN KEY \`FK_6091cbc34c50063dc74a7e3c095\``);
        await queryRunner.query(`ALTER TABLE \`remote_tokens\` DROP FOREIGN KEY \`FK_fa7cff3671d5812ca71495d0dac\``);
        await queryRunner.query(`DROP INDEX \`UQ_remote_tokens_app_user_kind\` ON \`remote_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_remote_tokens_user_id\` ON \`remote_tokens\``);
        await queryRunner.query(`DROP TABLE \`remote_tokens\``);
        await queryRunner.query(`DROP INDEX \`IDX_78620123f0093f75cae6bf83c1\` ON \`remote_apps\``);
        await queryRunner.query(`DROP TABLE \`remote_apps\``);
        await queryRunner.query(`DROP TABLE \`service_identity\``);
    }

}
