/**
 * The vendors' official npm SDKs, as their READMEs set them up, pointed at the loopback server.
 * Rockset's runs over node-fetch 2, TileDB's and Authress's over axios 0.21 (node:http).
 */
import rockset from "@rockset/client"
import TileDB from "@tiledb-inc/tiledb-cloud"
import { createRequire } from "node:module"
import { secret } from "./clients.js"

// @authress/sdk's declarations import its TypeScript sources, which do not compile under this
// repository's settings (verbatimModuleSyntax), so it is loaded untyped and called by reflection.
const require = createRequire(import.meta.url)
const authressSdk: unknown = require("@authress/sdk")

const authressGetUser = (origin: string): (userId: string) => Promise<unknown> => {
  const AuthressClient: unknown = Reflect.get(Object(authressSdk), "AuthressClient")
  if (typeof AuthressClient !== "function") throw new Error("@authress/sdk: no AuthressClient")
  const client: unknown = Reflect.construct(AuthressClient, [{ authressApiUrl: `${origin}/authress` }, () => secret])
  const users: unknown = Reflect.get(Object(client), "users")
  const getUser: unknown = Reflect.get(Object(users), "getUser")
  if (typeof getUser !== "function") throw new Error("@authress/sdk: no users.getUser")
  return async (userId) => {
    const response: unknown = await Reflect.apply(getUser, users, [userId])
    return Reflect.get(Object(response), "data")
  }
}

/** The three SDK clients. */
export const sdks = (origin: string) => {
  const rocksetClient = rockset.default(secret, `${origin}/rockset`)
  const tiledbClient = new TileDB.default({ apiKey: secret, basePath: origin })
  const authressClient = authressGetUser(origin)
  return {
    /** `@rockset/client`: `users.getUser(email)`, resolving to the parsed user. */
    rockset: (user: string): Promise<unknown> => rocksetClient.users.getUser(user),
    /** `@tiledb-inc/tiledb-cloud`: `UserApi.getUserWithUsername(username)`, an axios response. */
    tiledb: async (username: string): Promise<unknown> =>
      (await tiledbClient.UserApi.getUserWithUsername(username)).data,
    /** `@authress/sdk`: `users.getUser(userId)`, an axios response. */
    authress: authressClient
  }
}
