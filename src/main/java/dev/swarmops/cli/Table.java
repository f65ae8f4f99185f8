package dev.swarmops.cli;

/** Left-aligned columns, two spaces apart, header in bold. */
final class Table {

    private Table() {
    }

    static void print(Console c, String[] headers, String[][] rows) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        c.println(c.bold(line(c, headers, width)));
        for (String[] r : rows) {
            c.println(line(c, r, width));
        }
    }

    private static String line(Console c, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : c.pad(cells[i], width[i] + 2));
        }
        return sb.toString();
    }
}
