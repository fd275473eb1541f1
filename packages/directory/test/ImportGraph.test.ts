import * as ImportGraphSuite from "@userkit/testkit/ImportGraphSuite"

// What an application bundles to use the directory holds no test aid: not core's Testing (the
// layerTest stub comes from core's Stub), not the fakes, not FastCheck.
ImportGraphSuite.importGraphSuite("directory", "Directory")
