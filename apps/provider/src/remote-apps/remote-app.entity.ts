import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const REMOTE_APP_TYPES = ['bitbucket', 'jira', 'confluence', 'generic'] as const;
export type RemoteAppType = (typeof REMOTE_APP_TYPES)[number];

/** Atlassian's provider paths (atlassian-wire.md §2.1), pre-filled for every new remote application. */
export const ATLASSIAN_OAUTH_PATHS = {
  requestToken: '/plugins/servlet/oauth/request-token',
  authorize: '/plugins/servlet/oauth/authorize',
  accessToken: '/plugins/servlet/oauth/access-token',
} as const;

/**
 * A linked Bitbucket/Jira/Confluence the service calls as an OAuth consumer, signing with its own identity
 * (applinks/service-identity). Mirrors the outgoing side of an Atlassian application link: a display URL (where
 * browsers go, for the authorize page) and an RPC URL (where server-to-server calls go), plus the three paths.
 */
@Entity('remote_apps')
export class RemoteAppEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'bitbucket' })
  type: RemoteAppType;

  /** Display URL: the base the user's browser is sent to (authorize page). No trailing slash. */
  @Column({ name: 'base_url', type: 'varchar', length: 2048 })
  baseUrl: string;

  /** RPC URL for token and REST calls when the service reaches the remote differently; null means baseUrl. */
  @Column({ name: 'rpc_url', type: 'varchar', length: 2048, nullable: true })
  rpcUrl: string | null;

  @Column({ name: 'request_token_path', type: 'varchar', length: 1024, default: ATLASSIAN_OAUTH_PATHS.requestToken })
  requestTokenPath: string;

  @Column({ name: 'authorize_path', type: 'varchar', length: 1024, default: ATLASSIAN_OAUTH_PATHS.authorize })
  authorizePath: string;

  @Column({ name: 'access_token_path', type: 'varchar', length: 1024, default: ATLASSIAN_OAUTH_PATHS.accessToken })
  accessTokenPath: string;

  /** The remote allows our 2-legged calls (Bitbucket: "Allow 2-Legged OAuth" on our incoming consumer). */
  @Column({ name: 'two_legged_enabled', type: 'boolean', default: false })
  twoLeggedEnabled: boolean;

  /** The remote allows 2-legged calls with `xoauth_requestor_id` ("Allow user impersonation"). */
  @Column({ name: 'impersonation_enabled', type: 'boolean', default: false })
  impersonationEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
