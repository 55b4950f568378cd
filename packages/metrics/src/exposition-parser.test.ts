import { describe, expect, it } from "vitest";
import { ExpositionSyntaxError, parseExposition } from "./exposition-parser.js";

const valid = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# A normal comment.
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
metric_without_timestamp_and_labels 12.47
# HELP escaped Help with \\\\ and \\n.
# TYPE escaped gauge
escaped{a="",} -Inf
escaped{a="x"} NaN
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

function error(text: string): string {
  try {
    parseExposition(text);
  } catch (e) {
    if (e instanceof ExpositionSyntaxError) return e.message;
    throw e;
  }
  return "parsed";
}

describe("parseExposition", () => {
  it("parses the format's reference example", () => {
    const families = parseExposition(valid);
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ["http_requests_total", "counter", 2],
      ["msdos_file_access_time_seconds", "untyped", 1],
      ["metric_without_timestamp_and_labels", "untyped", 1],
      ["escaped", "gauge", 2],
      ["http_request_duration_seconds", "histogram", 5],
      ["rpc_duration_seconds", "summary", 3],
    ]);
    const [requests, msdos, , escaped] = families;
    expect(requests?.help).toBe("The total number of HTTP requests.");
    expect(requests?.samples[0]).toEqual({
      name: "http_requests_total",
      labels: { method: "post", code: "200" },
      value: 1027,
      timestampMs: 1395066363000,
    });
    expect(msdos?.samples[0]?.labels).toEqual({
      path: "C:\\DIR\\FILE.TXT",
      error: 'Cannot find file:\n"FILE.TXT"',
    });
    expect(escaped?.help).toBe("Help with \\ and \n.");
    expect(escaped?.samples[0]?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(escaped?.samples[1]?.value)).toBe(true);
  });

  it("accepts an empty page", () => {
    expect(parseExposition("")).toEqual([]);
  });

  it.each([
    ["bad name", "1metric 1\n", "line 1: invalid metric name at column 1"],
    ["dotted name", "metric.this 1\n", "line 1: expected a blank before the sample value"],
    ["bad label name", 'm{1a="x"} 1\n', "line 1: invalid label name at column 3"],
    ["unquoted label", "m{a=x} 1\n", "line 1: expected '\"' at column 5"],
    ["bad escape", 'm{a="\\t"} 1\n', "line 1: invalid escape sequence '\\t' in label value"],
    ["unterminated", 'm{a="x} 1\n', "line 1: unterminated label value"],
    ["duplicate label", 'm{a="1",a="2"} 1\n', "line 1: label a appears twice"],
    ["bad value", "m one\n", "line 1: invalid sample value 'one'"],
    ["bad timestamp", "m 1 1.5\n", "line 1: invalid timestamp '1.5'"],
    ["trailing junk", "m 1 2 3\n", "line 1: unexpected text after the timestamp"],
    ["second TYPE", "# TYPE m gauge\n# TYPE m gauge\n", "line 2: second TYPE line for metric m"],
    ["second HELP", "# HELP m a\n# HELP m b\n", "line 2: second HELP line for metric m"],
    ["late TYPE", "m 1\n# TYPE m gauge\n", "line 2: TYPE line for m after its first sample"],
    ["unknown TYPE", "# TYPE m meter\n", "line 1: invalid TYPE 'meter' for metric m"],
    ["split family", 'a 1\nb 1\na{x="1"} 2\n', "line 3: metric family a appears in two groups"],
    [
      "duplicate series",
      'm{a="1",b="2"} 1\nm{b="2",a="1"} 2\n',
      'line 2: duplicate series m{"b":"2","a":"1"}',
    ],
    ["negative counter", "# TYPE c counter\nc -1\n", "line 2: counter c is negative"],
    [
      "non-cumulative histogram",
      '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 3\nh_count 3\n',
      "line 0: histogram h: bucket counts are not cumulative",
    ],
    [
      "histogram without +Inf",
      '# TYPE h histogram\nh_bucket{le="1"} 5\nh_count 5\n',
      "line 0: histogram h: no +Inf bucket",
    ],
    [
      "histogram count mismatch",
      '# TYPE h histogram\nh_bucket{le="+Inf"} 5\nh_count 4\n',
      "line 0: histogram h: +Inf bucket 5 differs from _count 4",
    ],
    [
      "histogram bucket without le",
      "# TYPE h histogram\nh_bucket 5\n",
      "line 0: histogram h: a _bucket sample has no 'le' label",
    ],
  ])("rejects %s", (_what, text, message) => {
    expect(error(text)).toBe(message);
  });
});
