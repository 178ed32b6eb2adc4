package io.huiketang.account.memberimport;

import java.util.ArrayList;
import java.util.List;

import io.huiketang.kit.problem.ProblemException;

/** Reads CSV as RFC 4180 writes it (quotes, doubled quotes, CRLF or LF); spreadsheets export this. */
final class Csv {

    private Csv() {
    }

    /** The records of the text, each a list of its values; a leading byte-order mark is ignored. */
    static List<List<String>> parse(String text) {
        String input = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (quoted) {
                if (c != '"') {
                    value.append(c);
                } else if (i + 1 < input.length() && input.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"' && value.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(value.toString());
                value.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < input.length() && input.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(value.toString());
                value.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                value.append(c);
            }
        }
        if (quoted) {
            throw ProblemException.badRequest("The CSV has a quoted value that is never closed.");
        }
        if (!value.isEmpty() || !record.isEmpty()) {
            record.add(value.toString());
            records.add(record);
        }
        return records;
    }

    static boolean isBlank(List<String> record) {
        return record.stream().allMatch(String::isBlank);
    }
}
