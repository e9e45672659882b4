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

/** A failing case: the differences in sentences, then the path and what the caller heard, side by side. */
export function TestDiff({ result }: { result: TestCaseResult }) {
  return (
    <div className="test-result-diff">
      <ul className="test-differences">
        {result.differences.map((sentence, i) => (
          <li key={i}>{sentence}</li>
        ))}
      </ul>
      {result.path.some((row) => !row.same) && (
        <SideBySide caption="Blocks the call went through" rows={result.path} />
      )}
      {result.heard.some((row) => !row.same) && (
        <SideBySide caption="What the caller heard and was asked" rows={result.heard} />
      )}
    </div>
  );
}
