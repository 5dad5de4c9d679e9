import { MigrationInterface, QueryRunner } from "typeorm";

export class DropNonceExpiresIndex1796416526315 implements MigrationInterface {
    name = 'DropNonceExpiresIndex1796416526315'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_nonces_expires_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_nonces_expires_at" ON "nonces" ("expires_at") `);
    }

}
