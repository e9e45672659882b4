import "./test-cases.css";
import type { SideBySideRow, TestCaseResult } from "@ringflow/flow-schema";

function SideBySide({ caption, rows }: { caption: string; rows: SideBySideRow[] }) {
  return (
    <table className="test-diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Expected</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} className={row.same ? "same" : "changed"}>
            <td>{row.expected ?? <span className="muted">(nothing)</span>}</td>
            <td>{row.actual ?? <span className="muted">(nothing)</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A failing case: the differences in sentences, then the path and what the caller heard, side by side
 * (`changedOnly`: only the rows that differ, where space is short).
 */
export function TestDiff({ result, changedOnly = false }: { result: TestCaseResult; changedOnly?: boolean }) {
  const shown = (rows: SideBySideRow[]) => (changedOnly ? rows.filter((row) => !row.same) : rows);
  return (
    <div className="test-result-diff">
      <ul className="test-differences">
        {result.differences.map((sentence, i) => (
          <li key={i}>{sentence}</li>
        ))}
      </ul>
      {result.path.some((row) => !row.same) && (
        <SideBySide caption="Blocks the call went through" rows={shown(result.path)} />
      )}
      {result.heard.some((row) => !row.same) && (
        <SideBySide caption="What the caller heard and was asked" rows={shown(result.heard)} />
      )}
    </div>
  );
}
