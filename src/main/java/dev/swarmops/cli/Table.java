package dev.swarmops.cli;

import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns, two spaces apart, header in bold. */
final class Table {

    private Table() {
    }

    static void print(Console c, String[] headers, String[][] rows) {
        List<String> lines = lines(headers, rows);
        c.println(c.bold(lines.get(0)));
        lines.subList(1, lines.size()).forEach(c::println);
    }

    /** The header and rows aligned, plain text; a missing cell is empty. */
    static List<String> lines(String[] headers, String[][] rows) {
        int columns = headers.length;
        for (String[] r : rows) {
            columns = Math.max(columns, r.length);
        }
        int[] width = new int[columns];
        for (int i = 0; i < columns; i++) {
            width[i] = i < headers.length ? headers[i].length() : 0;
            for (String[] r : rows) {
                width[i] = Math.max(width[i], i < r.length ? r[i].length() : 0);
            }
        }
        List<String> lines = new ArrayList<>(rows.length + 1);
        lines.add(line(headers, width));
        for (String[] r : rows) {
            lines.add(line(r, width));
        }
        return lines;
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String cell = i < cells.length ? cells[i] : "";
            sb.append(i == width.length - 1 ? cell : cell + " ".repeat(width[i] + 2 - cell.length()));
        }
        return sb.toString().stripTrailing();
    }
}
