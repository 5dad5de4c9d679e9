import { MigrationInterface, QueryRunner } from "typeorm";

import { useBinaryCollation } from "../../binary-collation";

/** The example protected module (resources/projects): projects owned by users, and their builds. */
export class CreateProjects1796404436788 implements MigrationInterface {
    name = 'CreateProjects1796404436788'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`projects\` (\`id\` int NOT NULL AUTO_INCREMENT, \`key\` varchar(32) NOT NULL, \`name\` varchar(200) NOT NULL, \`description\` text NULL, \`visibility\` varchar(16) NOT NULL DEFAULT 'private', \`owner_id\` int NOT NULL, \`next_build_number\` int NOT NULL DEFAULT '1', \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_projects_owner_id\` (\`owner_id\`), UNIQUE INDEX \`UQ_projects_owner_key\` (\`owner_id\`, \`key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`builds\` (\`id\` int NOT NULL AUTO_INCREMENT, \`project_id\` int NOT NULL, \`number\` int NOT NULL, \`ref\` varchar(255) NOT NULL, \`reason\` varchar(500) NULL, \`status\` varchar(16) NOT NULL DEFAULT 'queued', \`triggered_by_id\` int NOT NULL, \`triggered_via\` varchar(255) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`UQ_builds_project_number\` (\`project_id\`, \`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`projects\` ADD CONSTRAINT \`FK_b1bd2fbf5d0ef67319c91acb5cf\` FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`builds\` ADD CONSTRAINT \`FK_396e1b0d2e1a9934db04a5ce072\` FOREIGN KEY (\`project_id\`) REFERENCES \`projects\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`builds\` ADD CONSTRAINT \`FK_941ddd4c5c2e59642b4d64a948c\` FOREIGN KEY (\`triggered_by_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Project keys compare byte-exactly, like every identifier (checklist C1).
        for (const table of ["projects", "builds"]) {
            await useBinaryCollation(queryRunner, table);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`builds\` DROP FOREIGN KEY \`FK_941ddd4c5c2e59642b4d64a948c\``);
        await queryRunner.query(`ALTER TABLE \`builds\` DROP FOREIGN KEY \`FK_396e1b0d2e1a9934db04a5ce072\``);
        await queryRunner.query(`ALTER TABLE \`projects\` DROP FOREIGN KEY \`FK_b1bd2fbf5d0ef67319c91acb5cf\``);
        await queryRunner.query(`DROP INDEX \`UQ_builds_project_number\` ON \`builds\``);
        await queryRunner.query(`DROP TABLE \`builds\``);
        await queryRunner.query(`DROP INDEX \`UQ_projects_owner_key\` ON \`projects\``);
        await queryRunner.query(`DROP INDEX \`IDX_projects_owner_id\` ON \`projects\``);
        await queryRunner.query(`DROP TABLE \`projects\``);
    }

}
