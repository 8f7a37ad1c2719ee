package udpchat.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the benchmark, in Markdown: a row per measurement, a column per server logging
 * variant (or per set-up, for the cluster's), the goal (reported, never asserted), and numbered
 * notes on how each figure is measured.
 */
final class ResultTable {
  private static final class Row {
    final String section;
    final String label;
    final String[] values;
    final String[] verdicts;
    String goal = "";

    Row(String section, String label, int columns) {
      this.section = section;
      this.label = label;
      this.values = new String[columns];
      this.verdicts = new String[columns];
    }
  }

  private final String title;
  private final List<String> columns;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> findings = new ArrayList<>();

  /** The main table: a column per server logging variant. */
  ResultTable() {
    this("# UdpChat benchmark",
        Arrays.stream(LogVariant.values()).map(logging -> logging.description).toList());
  }

  /** @param title its Markdown heading */
  ResultTable(String title, List<String> columns) {
    this.title = title;
    this.columns = List.copyOf(columns);
  }

  void put(String section, String label, LogVariant logging, String value) {
    put(section, label, logging.ordinal(), value);
  }

  void put(String section, String label, int column, String value) {
    row(section, label).values[column] = value;
  }

  /** The goal of a row, and whether this variant's figure meets it. */
  void goal(String section, String label, LogVariant logging, String goal, boolean met) {
    goal(section, label, logging, goal, met ? "met" : "not met");
  }

  /** The goal of a row, and in a word or two how this variant's figure compares. */
  void goal(String section, String label, LogVariant logging, String goal, String verdict) {
    goal(section, label, logging.ordinal(), goal, verdict);
  }

  void goal(String section, String label, int column, String goal, String verdict) {
    Row row = row(section, label);
    row.goal = goal;
    row.verdicts[column] = verdict;
  }

  void note(String note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  /** Something the run showed about the server (drops, retries, failures). */
  void finding(String finding) {
    findings.add(finding);
  }

  /** "met", or "not met / met" when the variants differ (in column order). */
  private static String verdicts(Row row) {
    List<String> given = new ArrayList<>();
    for (String verdict : row.verdicts) {
      if (verdict != null) {
        given.add(verdict);
      }
    }
    return given.stream().distinct().count() <= 1 ? given.stream().findFirst().orElse("")
        : String.join(" / ", given);
  }

  private Row row(String section, String label) {
    return rows.computeIfAbsent(section + "\u0000" + label, key -> new Row(section, label, columns.size()));
  }

  String render(List<String> header) {
    StringBuilder out = new StringBuilder(title).append("\n\n");
    header.forEach(line -> out.append(line).append("  \n"));
    out.append("\n| | measurement | ");
    columns.forEach(column -> out.append(column).append(" | "));
    out.append("goal |\n|---|---|");
    out.append("---|".repeat(columns.size())).append("---|\n");
    List<Row> ordered = new ArrayList<>(rows.values());
    ordered.sort(java.util.Comparator.comparing(row -> row.section)); // stable: in order added
    for (Row row : ordered) {
      out.append("| ").append(row.section).append(" | ").append(row.label).append(" | ");
      for (String value : row.values) {
        out.append(value == null ? "" : value).append(" | ");
      }
      out.append(row.goal);
      String verdicts = verdicts(row);
      out.append(verdicts.isEmpty() ? "" : ": " + verdicts).append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append("\nHow it is measured:\n\n");
      for (int i = 0; i < notes.size(); i++) {
        out.append(i + 1).append(". ").append(notes.get(i)).append('\n');
      }
    }
    if (!findings.isEmpty()) {
      out.append("\nSeen during the run:\n\n");
      findings.forEach(finding -> out.append("- ").append(finding).append('\n'));
    }
    return out.toString();
  }
}
