import * as SecretPathsSuite from "@userkit/testkit/SecretPathsSuite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { baseUrl, vendorTestKey, vendorTestPrivateKey } from "./helpers.js"

const token = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJyZWFkeS10b2tlbiJ9.cmVhZHktdG9rZW4tc2lnbmF0dXJlLTk4NzY1"

// The shared secrets suite (packages/testkit), with this vendor's ways to authenticate.
SecretPathsSuite.secretPathsSuite({
  api: Api.AuthressApi,
  tag: AuthressUsers.AuthressUsers,
  schemes: [
    {
      label: "service-client access key",
      header: "authorization",
      secrets: [vendorTestKey, vendorTestPrivateKey],
      // A JWT signed with the key, not the key: the JWT itself is among what must never appear.
      proof: (value) => /^Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(value),
      layer: (client, transport) =>
        AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(vendorTestKey), ...transport }).pipe(
          Layer.provide(client)
        )
    },
    {
      label: "ready token",
      header: "authorization",
      secrets: [token],
      proof: (value) => value === `Bearer ${token}`,
      layer: (client, transport) =>
        AuthressUsers.layer({ baseUrl, token: Redacted.make(token), ...transport }).pipe(Layer.provide(client))
    },
    {
      label: "token from an Effect",
      header: "authorization",
      secrets: [token],
      proof: (value) => value === `Bearer ${token}`,
      layer: (client, transport) =>
        AuthressUsers.layer({ baseUrl, token: Effect.sync(() => Redacted.make(token)), ...transport }).pipe(
          Layer.provide(client)
        )
    }
  ]
})
