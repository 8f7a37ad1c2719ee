package udpchat.diagram;

import java.util.List;
import udpchat.diagram.Flow.Arrow;
import udpchat.diagram.Flow.Fate;
import udpchat.diagram.Flow.Note;
import udpchat.diagram.Flow.Step;

/** A {@link Flow} as a Mermaid sequence diagram in Markdown, which code hosts render. */
public final class MermaidDiagram {
  private MermaidDiagram() {}

  public static String markdown(String title, Flow flow) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n```mermaid\n");
    md.append("sequenceDiagram\n");
    List<String> lifelines = flow.lifelines();
    for (int i = 0; i < lifelines.size(); i++) {
      md.append("    participant p").append(i).append(" as ")
          .append(DiagramText.mermaid(lifelines.get(i))).append('\n');
    }
    for (Step step : flow.steps()) {
      if (step instanceof Arrow arrow) {
        md.append("    ").append(alias(lifelines, arrow.from())).append(shape(arrow))
            .append(alias(lifelines, arrow.to())).append(": ")
            .append(DiagramText.mermaid(arrow.label())).append('\n');
      } else if (step instanceof Note note) {
        md.append("    Note over ").append(alias(lifelines, note.lifeline())).append(": ")
            .append(note.typed() ? "typed: " : "")
            .append(DiagramText.mermaid(note.text())).append('\n');
      }
    }
    if (flow.arrowsLeftOut() > 0 && !lifelines.isEmpty()) {
      md.append("    Note over p0: ").append(flow.arrowsLeftOut())
          .append(" more datagrams not drawn (the cap on arrows)\n");
    }
    return md.append("```\n").toString();
  }

  private static String shape(Arrow arrow) {
    if (arrow.fate() == Fate.LOST) {
      return "-x";
    }
    return arrow.fate() == Fate.DUPLICATE || arrow.isRetry() ? "-->>" : "->>";
  }

  private static String alias(List<String> lifelines, String lifeline) {
    return "p" + lifelines.indexOf(lifeline);
  }
}
