import * as path from "node:path";
import { localStack, sandbox } from "./helpers/engine";

// Why the resources offer `adoptExistingId` instead of the `import` option: with this engine the import
// step sends Read no inputs and no state, so the dynamic-provider host has no __provider to load
// (pulumi/pulumi#16175). If a later engine fixes that, this test fails and `import` can be supported.
test("the import option fails for dynamic resources with this engine", async () => {
  const box = sandbox();
  try {
    const stack = await localStack(path.join(__dirname, "fixtures/import-option"), box, "import");
    const lines: string[] = [];
    await expect(stack.preview({ onOutput: (l) => lines.push(l) })).rejects.toThrow();
    expect(lines.join("\n")).toMatch(/code must be a string, not undefined/);
  } finally {
    box.cleanup();
  }
});
