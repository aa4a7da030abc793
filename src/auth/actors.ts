/** The actor of a user id, loaded fresh (for work done later on a user's behalf, e.g. an import commit job). */
import type { Db } from '../db/client';
import type { Actor } from './permissions';
import { getUser, effectiveMembershipsOf } from './repository';

/** The user's actor with their current memberships; undefined when the account does not exist or was deleted. */
export async function userActor(db: Db, userId: string): Promise<Actor | undefined> {
  const user = await getUser(db, userId);
  if (!user || user.deletedAt) return undefined;
  return {
    kind: 'user',
    userId: user.id,
    isAdmin: user.isAdmin,
    memberships: await effectiveMembershipsOf(db, user.id),
  };
}
