package udpchat.diagram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import udpchat.diagram.Flow.Arrow;
import udpchat.diagram.Flow.Fate;
import udpchat.diagram.Flow.Note;
import udpchat.diagram.Flow.Step;

/**
 * A {@link Flow} as a PlantUML sequence diagram, and that as SVG (PlantUML draws sequence
 * diagrams itself, without Graphviz). A lost datagram ends in a cross, a duplicate or a retry is
 * dashed, a refused one is red; typed lines and printed lines are notes on their lifeline.
 */
public final class PlantUmlDiagram {
  static {
    // Besides the escaping of every text (DiagramText): PlantUML itself may read no file, no URL
    // and no environment variable while it draws.
    if (System.getProperty("PLANTUML_SECURITY_PROFILE") == null) {
      System.setProperty("PLANTUML_SECURITY_PROFILE", "SANDBOX");
    }
  }

  private PlantUmlDiagram() {}

  public static String source(Flow flow) {
    StringBuilder uml = new StringBuilder("@startuml\n");
    uml.append("skinparam responseMessageBelowArrow true\n");
    uml.append("skinparam shadowing false\n");
    uml.append("hide footbox\n");
    List<String> lifelines = flow.lifelines();
    for (int i = 0; i < lifelines.size(); i++) {
      uml.append("participant \"").append(DiagramText.plantUml(lifelines.get(i)))
          .append("\" as p").append(i).append('\n');
    }
    for (Step step : flow.steps()) {
      if (step instanceof Arrow arrow) {
        uml.append(alias(lifelines, arrow.from())).append(' ').append(shape(arrow)).append(' ')
            .append(alias(lifelines, arrow.to())).append(" : ")
            .append(DiagramText.plantUml(arrow.label())).append('\n');
      } else if (step instanceof Note note) {
        uml.append("note over ").append(alias(lifelines, note.lifeline()))
            .append(note.typed() ? " #LightBlue : typed: " : " : ")
            .append(DiagramText.plantUml(note.text())).append('\n');
      }
    }
    if (flow.arrowsLeftOut() > 0) {
      uml.append("note across : ").append(flow.arrowsLeftOut())
          .append(" more datagrams not drawn (the cap on arrows)\n");
    }
    return uml.append("@enduml\n").toString();
  }

  public static byte[] svg(Flow flow) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SourceStringReader(source(flow), StandardCharsets.UTF_8)
        .outputImage(out, new FileFormatOption(FileFormat.SVG));
    return out.toByteArray();
  }

  private static String shape(Arrow arrow) {
    if (arrow.fate() == Fate.LOST) {
      return "->x";
    }
    if (arrow.fate() == Fate.REJECTED) {
      return "-[#red]>";
    }
    return arrow.fate() == Fate.DUPLICATE || arrow.isRetry() ? "-->" : "->";
  }

  private static String alias(List<String> lifelines, String lifeline) {
    return "p" + lifelines.indexOf(lifeline);
  }
}
