/**
 * The bodies the loopback server sends, shaped like each vendor's documented answers, so that
 * every contender (plain fetch, userkit, the official SDKs) reads the same bytes. Shared by the
 * server process and the in-process decode benchmark.
 */

/** A Rockset `User` (the answer of `GET /v1/orgs/self/users/{user}`). */
export const rocksetUser = (i: number) => ({
  email: `user${i}@example.com`,
  created_at: "2024-03-01T12:34:56Z",
  first_name: "Ada",
  last_name: `Lovelace ${i}`,
  roles: ["admin", "member"],
  state: "ACTIVE"
})

/** A TileDB `User` (the answer of `GET /v1/users/{username}`). */
export const tiledbUser = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  username: `user${i}`,
  name: "Ada Lovelace",
  email: `user${i}@example.com`,
  is_valid_email: true,
  company: "Analytical Engines Ltd",
  timezone: "Europe/London",
  allowed_actions: ["read", "write", "create", "delete", "edit"],
  default_region: "us-east-1",
  default_namespace_charged: `user${i}`,
  stripe_connect: false,
  enabled_features: ["notebooks"],
  unpaid_subscription: false,
  organizations: [
    {
      user_id: `u-${i}`,
      organization_id: "org-1",
      username: `user${i}`,
      organization_name: "engines",
      role: "admin",
      allowed_actions: ["read", "write"]
    }
  ]
})

/** An Authress `UserIdentity`. */
export const authressUser = (i: number) => ({
  userId: `oauth|user-${i}`,
  name: `Ada Lovelace ${i}`,
  picture: `https://avatars.example.com/${i}.png`,
  email: `user${i}@example.com`
})

/** An Astronomer `User` of an organization listing. */
export const astronomerUser = (i: number) => ({
  avatarUrl: `https://avatars.example.com/${i}.png`,
  createdAt: "2024-03-01T12:34:56Z",
  fullName: `Ada Lovelace ${i}`,
  id: `clu${String(i).padStart(22, "0")}`,
  status: "ACTIVE",
  updatedAt: "2024-06-01T08:00:00Z",
  username: `user${i}@example.com`,
  orgRole: "ORGANIZATION_MEMBER",
  roles: [
    {
      role: "ORGANIZATION_MEMBER",
      scope: { entityId: "org-1", type: "ORGANIZATION" },
      subject: { entityId: `u-${i}`, type: "USER" }
    }
  ]
})

/** The total of the streamed listings. */
export const streamTotal = 100_000

/** The size of the decoded lists. */
export const listSize = 10_000

/** An Authress page (`GET /v1/users?limit&cursor`): the cursor is the offset of the next page. */
export const authressPage = (offset: number, limit: number, total: number) => {
  const end = Math.min(offset + limit, total)
  const users = []
  for (let i = offset; i < end; i++) users.push(authressUser(i))
  return {
    users,
    pagination: end < total ? { next: { cursor: String(end) } } : {},
    links: { self: { href: `/v1/users?cursor=${offset}` } }
  }
}

/** An Astronomer page (`GET /organizations/{id}/users?offset&limit`). */
export const astronomerPage = (offset: number, limit: number, total: number) => {
  const end = Math.min(offset + limit, total)
  const users = []
  for (let i = offset; i < end; i++) users.push(astronomerUser(i))
  return { limit, offset, totalCount: total, users }
}

/** Rockset's `list` answer with `count` users. */
export const rocksetList = (count: number) => {
  const data = []
  for (let i = 0; i < count; i++) data.push(rocksetUser(i))
  return { data }
}
