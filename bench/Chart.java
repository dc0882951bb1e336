import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws benchmark results as horizontal bar charts into a PNG, one panel per metric.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/Chart.java INPUT.csv OUTPUT.png}.
 * The input is UTF-8; blank lines and lines starting with {@code #} are ignored. Fields are
 * separated by commas; a field that contains commas is put in double quotes (CSV style). The
 * title may also be unquoted free text.
 *
 * <pre>
 * title,&lt;title of the whole image&gt;
 * bar,&lt;panel name&gt;,&lt;bar label&gt;,&lt;value&gt;,&lt;unit&gt;
 * goal,&lt;panel name&gt;,&lt;value&gt;,&lt;goal label&gt;
 * </pre>
 *
 * <p>Panels are drawn in the order of their first line. Exit status: 0 on success, 2 for a
 * wrong argument count or a malformed input line, 1 if a file cannot be read or written.
 */
public class Chart {

  private static final int EXIT_IO_ERROR = 1;
  private static final int EXIT_BAD_INPUT = 2;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length != 2) {
      exit(EXIT_BAD_INPUT, "usage: java bench/Chart.java INPUT.csv OUTPUT.png");
    }
    Path input = Path.of(args[0]);
    Path output = Path.of(args[1]);
    try {
      ChartData chart = new Parser(input.getFileName().toString()).parse(readLines(input));
      writePng(new Renderer(chart).render(), output);
    } catch (MalformedInput e) {
      exit(EXIT_BAD_INPUT, e.describe(input));
    } catch (IOException e) {
      exit(EXIT_IO_ERROR, e.getMessage());
    }
  }

  private static List<String> readLines(Path input) throws IOException {
    try {
      return Files.readAllLines(input, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new MalformedInput("not valid UTF-8");
    } catch (IOException e) {
      throw new IOException("cannot read " + input + ": " + e, e);
    }
  }

  private static void writePng(BufferedImage image, Path output) throws IOException {
    try (OutputStream stream = Files.newOutputStream(output)) {
      if (!ImageIO.write(image, "png", stream)) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new IOException("cannot write " + output + ": " + e, e);
    }
  }

  private static void exit(int status, String message) {
    System.err.println(message);
    System.exit(status);
  }

  record Bar(String label, double value, String unit) {}

  record Goal(double value, String label) {}

  static final class Panel {
    final String name;
    final List<Bar> bars = new ArrayList<>();
    Goal goal;

    Panel(String name) {
      this.name = name;
    }

    double maxValue() {
      double max = goal == null ? 0 : goal.value();
      for (Bar bar : bars) {
        max = Math.max(max, bar.value());
      }
      return max;
    }
  }

  record ChartData(String title, List<Panel> panels) {}

  static final class MalformedInput extends RuntimeException {
    private static final int WHOLE_FILE = 0;

    private final int lineNumber;

    MalformedInput(int lineNumber, String problem) {
      super(problem);
      this.lineNumber = lineNumber;
    }

    MalformedInput(String problem) {
      this(WHOLE_FILE, problem);
    }

    String describe(Path input) {
      String where = lineNumber == WHOLE_FILE ? input.toString() : input + ":" + lineNumber;
      return where + ": " + getMessage();
    }
  }

  static final class Parser {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String BAR_LAYOUT = "bar,<panel>,<label>,<value>,<unit>";
    private static final String GOAL_LAYOUT = "goal,<panel>,<value>,<label>";

    private final String defaultTitle;
    private final Map<String, Panel> panelsByName = new LinkedHashMap<>();
    private String title;

    Parser(String defaultTitle) {
      this.defaultTitle = defaultTitle;
    }

    ChartData parse(List<String> lines) {
      for (int index = 0; index < lines.size(); index++) {
        String line = lines.get(index);
        if (index == 0 && line.startsWith(BYTE_ORDER_MARK)) {
          line = line.substring(1);
        }
        parseLine(index + 1, line.strip());
      }
      if (panelsByName.isEmpty()) {
        throw new MalformedInput("no bar or goal lines");
      }
      return new ChartData(title == null ? defaultTitle : title, List.copyOf(panelsByName.values()));
    }

    private void parseLine(int lineNumber, String line) {
      if (line.isEmpty() || line.startsWith("#")) {
        return;
      }
      String[] fields = FieldSplitter.split(lineNumber, line);
      switch (fields[0]) {
        case "title" -> parseTitle(lineNumber, line, fields);
        case "bar" -> parseBar(lineNumber, checkCount(lineNumber, fields, BAR_LAYOUT));
        case "goal" -> parseGoal(lineNumber, checkCount(lineNumber, fields, GOAL_LAYOUT));
        default -> throw new MalformedInput(lineNumber,
            "unknown line kind '" + fields[0] + "', expected title, bar or goal");
      }
    }

    /** The title is free text: unquoted commas belong to it. */
    private void parseTitle(int lineNumber, String line, String[] fields) {
      int comma = line.indexOf(',');
      String rest = comma < 0 ? "" : line.substring(comma + 1).strip();
      String text = fields.length == 2 ? fields[1] : rest;
      title = required(lineNumber, text, "title");
    }

    private void parseBar(int lineNumber, String[] fields) {
      String label = required(lineNumber, fields[2], "bar label");
      double value = number(lineNumber, fields[3]);
      panel(lineNumber, fields[1]).bars.add(new Bar(label, value, fields[4]));
    }

    private void parseGoal(int lineNumber, String[] fields) {
      Panel panel = panel(lineNumber, fields[1]);
      if (panel.goal != null) {
        throw new MalformedInput(lineNumber, "panel '" + panel.name + "' already has a goal");
      }
      panel.goal = new Goal(number(lineNumber, fields[2]), fields[3]);
    }

    private Panel panel(int lineNumber, String name) {
      String required = required(lineNumber, name, "panel name");
      return panelsByName.computeIfAbsent(required, Panel::new);
    }

    private static String[] checkCount(int lineNumber, String[] fields, String layout) {
      int expected = layout.split(",").length;
      if (fields.length != expected) {
        throw new MalformedInput(lineNumber, "expected " + expected + " fields (" + layout
            + "), found " + fields.length + "; put a field containing commas in double quotes");
      }
      return fields;
    }

    private static String required(int lineNumber, String field, String what) {
      if (field.isBlank()) {
        throw new MalformedInput(lineNumber, what + " is empty");
      }
      return field;
    }

    private static double number(int lineNumber, String field) {
      double value;
      try {
        value = Double.parseDouble(field);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!Double.isFinite(value) || value < 0) {
        throw new MalformedInput(lineNumber, "value '" + field + "' is not a non-negative number");
      }
      return value;
    }
  }

  /**
   * Splits a line at commas and strips the fields. A field in double quotes may contain commas;
   * inside it, two double quotes stand for one.
   */
  static final class FieldSplitter {
    private final int lineNumber;
    private final String line;
    private int position;

    private FieldSplitter(int lineNumber, String line) {
      this.lineNumber = lineNumber;
      this.line = line;
    }

    static String[] split(int lineNumber, String line) {
      return new FieldSplitter(lineNumber, line).splitAll();
    }

    private String[] splitAll() {
      List<String> fields = new ArrayList<>();
      fields.add(nextField());
      while (position < line.length()) {
        position++;
        fields.add(nextField());
      }
      return fields.toArray(String[]::new);
    }

    /** Reads one field and leaves the position at the comma after it or at the end of the line. */
    private String nextField() {
      skipSpaces();
      return line.startsWith("\"", position) ? quotedField() : plainField();
    }

    private String plainField() {
      int comma = line.indexOf(',', position);
      int end = comma < 0 ? line.length() : comma;
      String field = line.substring(position, end).strip();
      position = end;
      return field;
    }

    private String quotedField() {
      StringBuilder field = new StringBuilder();
      position++;
      while (true) {
        int quote = line.indexOf('"', position);
        if (quote < 0) {
          throw new MalformedInput(lineNumber, "a quoted field is not closed");
        }
        field.append(line, position, quote);
        position = quote + 1;
        if (!line.startsWith("\"", position)) {
          break;
        }
        field.append('"');
        position++;
      }
      skipSpaces();
      if (position < line.length() && line.charAt(position) != ',') {
        throw new MalformedInput(lineNumber, "text after the closing quote of a field");
      }
      return field.toString().strip();
    }

    private void skipSpaces() {
      while (position < line.length() && Character.isWhitespace(line.charAt(position))) {
        position++;
      }
    }
  }

  static final class Renderer {
    private static final int WIDTH = 900;
    private static final int MARGIN = 20;
    private static final int LABEL_COLUMN = 260;
    private static final int BARS_LEFT = MARGIN + LABEL_COLUMN;
    private static final int GAP = 8;

    private static final int TITLE_HEIGHT = 50;
    private static final int BOTTOM_MARGIN = 10;
    private static final int HEADING_HEIGHT = 30;
    private static final int GOAL_LABEL_HEIGHT = 20;
    private static final int PANEL_BOTTOM = 10;
    private static final int BAR_PITCH = 34;
    private static final int BAR_THICKNESS = 22;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font HEADING_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private static final Color TEXT = new Color(0x222222);
    private static final Color AXIS = new Color(0xB0B0B0);
    private static final Color OWN_BAR = new Color(0x2F6DB5);
    private static final Color REFERENCE_BAR = new Color(0x9E9E9E);
    private static final Color GOAL = new Color(0xC62828);
    private static final String REFERENCE_PREFIX = "tibber-api";

    private static final Stroke AXIS_STROKE = new BasicStroke(1);
    private static final Stroke GOAL_STROKE = new BasicStroke(
        2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    private final ChartData chart;
    private final DecimalFormat numberFormat =
        new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT));
    private Graphics2D graphics;

    Renderer(ChartData chart) {
      this.chart = chart;
    }

    BufferedImage render() {
      BufferedImage image = new BufferedImage(WIDTH, imageHeight(), BufferedImage.TYPE_INT_RGB);
      graphics = image.createGraphics();
      try {
        prepareCanvas(image.getHeight());
        drawTitle();
        int top = TITLE_HEIGHT;
        for (Panel panel : chart.panels()) {
          drawPanel(panel, top);
          top += panelHeight(panel);
        }
      } finally {
        graphics.dispose();
      }
      return image;
    }

    private int imageHeight() {
      int height = TITLE_HEIGHT + BOTTOM_MARGIN;
      for (Panel panel : chart.panels()) {
        height += panelHeight(panel);
      }
      return height;
    }

    private static int panelHeight(Panel panel) {
      return HEADING_HEIGHT + GOAL_LABEL_HEIGHT + panel.bars.size() * BAR_PITCH + PANEL_BOTTOM;
    }

    private void prepareCanvas(int height) {
      graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, WIDTH, height);
    }

    private void drawTitle() {
      graphics.setFont(TITLE_FONT);
      graphics.setColor(TEXT);
      graphics.drawString(fit(chart.title(), WIDTH - 2 * MARGIN), MARGIN, 32);
    }

    private void drawPanel(Panel panel, int top) {
      graphics.setFont(HEADING_FONT);
      graphics.setColor(TEXT);
      graphics.drawString(fit(panel.name, WIDTH - 2 * MARGIN), MARGIN, top + 22);

      int barsTop = top + HEADING_HEIGHT + GOAL_LABEL_HEIGHT;
      int barsBottom = barsTop + panel.bars.size() * BAR_PITCH;
      Scale scale = new Scale(panel.maxValue(), barAreaWidth(panel));
      drawAxis(barsTop, barsBottom);
      for (int i = 0; i < panel.bars.size(); i++) {
        drawBar(panel.bars.get(i), barsTop + i * BAR_PITCH, scale);
      }
      if (panel.goal != null) {
        drawGoal(panel.goal, barsTop, barsBottom, scale);
      }
      // After the goal line, so that a line crossing a value does not hide it.
      for (int i = 0; i < panel.bars.size(); i++) {
        drawValue(panel.bars.get(i), barsTop + i * BAR_PITCH, scale);
      }
    }

    /** Leaves room right of the longest possible bar for the panel's widest value text. */
    private int barAreaWidth(Panel panel) {
      FontMetrics metrics = graphics.getFontMetrics(TEXT_FONT);
      int widestValue = 0;
      for (Bar bar : panel.bars) {
        widestValue = Math.max(widestValue, metrics.stringWidth(valueText(bar)));
      }
      return WIDTH - MARGIN - BARS_LEFT - GAP - widestValue;
    }

    private void drawAxis(int barsTop, int barsBottom) {
      graphics.setColor(AXIS);
      graphics.setStroke(AXIS_STROKE);
      graphics.drawLine(BARS_LEFT, barsTop, BARS_LEFT, barsBottom);
    }

    private void drawBar(Bar bar, int rowTop, Scale scale) {
      graphics.setFont(TEXT_FONT);
      graphics.setColor(TEXT);
      String label = fit(bar.label(), LABEL_COLUMN - GAP);
      int labelX = BARS_LEFT - GAP - graphics.getFontMetrics().stringWidth(label);
      drawCentredText(label, labelX, rowCentre(rowTop));

      graphics.setColor(bar.label().startsWith(REFERENCE_PREFIX) ? REFERENCE_BAR : OWN_BAR);
      int barTop = rowTop + (BAR_PITCH - BAR_THICKNESS) / 2;
      graphics.fillRect(BARS_LEFT, barTop, scale.toPixels(bar.value()), BAR_THICKNESS);
    }

    private void drawValue(Bar bar, int rowTop, Scale scale) {
      graphics.setFont(TEXT_FONT);
      FontMetrics metrics = graphics.getFontMetrics();
      String text = valueText(bar);
      int x = BARS_LEFT + scale.toPixels(bar.value()) + GAP;
      int centre = rowCentre(rowTop);
      graphics.setColor(Color.WHITE);
      graphics.fillRect(x - 2, centre - metrics.getAscent() / 2 - 2, metrics.stringWidth(text) + 4,
          metrics.getAscent() + 4);
      graphics.setColor(TEXT);
      drawCentredText(text, x, centre);
    }

    private static int rowCentre(int rowTop) {
      return rowTop + BAR_PITCH / 2;
    }

    private void drawGoal(Goal goal, int barsTop, int barsBottom, Scale scale) {
      int x = BARS_LEFT + scale.toPixels(goal.value());
      graphics.setColor(GOAL);
      graphics.setStroke(GOAL_STROKE);
      graphics.drawLine(x, barsTop - GOAL_LABEL_HEIGHT + 4, x, barsBottom);
      graphics.setStroke(AXIS_STROKE);

      graphics.setFont(TEXT_FONT);
      String label = fit(goal.label(), WIDTH - 2 * MARGIN);
      int width = graphics.getFontMetrics().stringWidth(label);
      int labelX = x + 6 + width <= WIDTH - MARGIN ? x + 6 : x - 6 - width;
      graphics.drawString(label, Math.max(MARGIN, labelX), barsTop - 5);
    }

    private void drawCentredText(String text, int x, int centreY) {
      FontMetrics metrics = graphics.getFontMetrics();
      graphics.drawString(text, x, centreY + (metrics.getAscent() - metrics.getDescent()) / 2);
    }

    private String valueText(Bar bar) {
      String number = numberFormat.format(bar.value());
      return bar.unit().isEmpty() ? number : number + " " + bar.unit();
    }

    /** Shortens the text with an ellipsis until it fits the width in the current font. */
    private String fit(String text, int maxWidth) {
      FontMetrics metrics = graphics.getFontMetrics();
      if (metrics.stringWidth(text) <= maxWidth) {
        return text;
      }
      String shortened = text;
      while (!shortened.isEmpty() && metrics.stringWidth(shortened + "…") > maxWidth) {
        shortened = shortened.substring(0, shortened.offsetByCodePoints(shortened.length(), -1));
      }
      return shortened + "…";
    }
  }

  record Scale(double maxValue, int maxPixels) {
    int toPixels(double value) {
      return maxValue == 0 ? 0 : (int) Math.round(value / maxValue * maxPixels);
    }
  }
}
