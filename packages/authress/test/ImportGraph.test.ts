import * as ImportGraphSuite from "@userkit/testkit/ImportGraphSuite"

// The shared import-graph suite (packages/testkit): no test aid in what an application bundles.
ImportGraphSuite.importGraphSuite("authress", "AuthressUsers")
