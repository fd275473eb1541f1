/** Authress's quotas kept exactly, measured at a server in another process. */
import { quotaWindowSuite } from "@userkit/testkit/QuotaWindowSuite"
import * as Quotas from "../src/Quotas.js"

quotaWindowSuite(Quotas.quotas)
