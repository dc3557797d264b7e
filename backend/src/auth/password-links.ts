import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { User } from '../users/user.entity';
import { Membership, membershipRow } from '../users/membership.entity';
import { ARGON2_OPTIONS } from './password-hash';
import { PasswordToken } from './identity.entities';

/** How long a password link works. */
export const PASSWORD_LINK_HOURS = 24;
export type PasswordLinkPurpose = 'setup' | 'invite' | 'reset';

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a one-time link to set the user's password (`${publicUrl}/setup-password?token=…`), valid 24 hours.
 * Only a hash of the token is stored; any earlier unused link of the user stops working.
 */
export async function issuePasswordLink(
  manager: EntityManager,
  publicUrl: string,
  userId: string,
  purpose: PasswordLinkPurpose,
  now = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600_000).toISOString();
  await manager.delete(PasswordToken, { userId, usedAt: IsNull() });
  await manager.insert(PasswordToken, {
    id: randomUUID(),
    userId,
    tokenHash: hashLinkToken(token),
    purpose,
    createdAt: now.toISOString(),
    expiresAt,
    usedAt: null,
  });
  return { url: `${publicUrl}/setup-password?token=${token}`, expiresAt };
}

export class BootstrapRefused extends Error {}

/**
 * Creates the first administrator (national), with no usable password, and returns the link to set one. Refused when a
 * national administrator already exists or the e-mail address is taken.
 */
export async function bootstrapAdmin(
  db: DataSource,
  publicUrl: string,
  input: { email: string; name: string },
): Promise<{ userId: string; url: string; expiresAt: string }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254) throw new BootstrapRefused('--email must be an e-mail address');
  if (name.length < 1 || name.length > 120) throw new BootstrapRefused('--name must be 1 to 120 characters');
  // an unknown random password: nobody can sign in before the link is used
  const unusable = await hash(randomBytes(32).toString('hex'), ARGON2_OPTIONS);
  return db.transaction(async (m) => {
    if (await m.existsBy(Membership, { role: 'admin', unitKey: 'national' }))
      throw new BootstrapRefused('a national administrator already exists: nothing was changed');
    if (await m.existsBy(User, { email }))
      throw new BootstrapRefused('this e-mail address already belongs to an account: nothing was changed');
    const userId = randomUUID();
    await m.insert(User, {
      id: userId,
      email,
      displayName: name,
      passwordHash: unusable,
      locale: 'fr',
      active: true,
      createdAt: new Date().toISOString(),
    });
    await m.insert(Membership, membershipRow(randomUUID(), userId, 'admin', {}, new Date().toISOString()));
    return { userId, ...(await issuePasswordLink(m, publicUrl, userId, 'setup')) };
  });
}
