package io.huiketang.meeting.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** CSV cells: quoting and formula neutralisation, as spreadsheet programs read them. */
class HistoryCsvWriterTest {

    static String written(Object... cells) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(bytes, ZoneId.of("Asia/Shanghai"))) {
            csv.row(cells);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void opensWithABomAndEndsRecordsWithCrLf() throws IOException {
        assertEquals("\uFEFFa,b\r\n", written("a", "b"));
    }

    @Test
    void quotesCellsWithCommasQuotesAndLineBreaks() throws IOException {
        assertEquals("\uFEFF\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain\r\n",
                written("a,b", "say \"hi\"", "two\nlines", "cr\rhere", "plain"));
    }

    @Test
    void cellsAFormulaCouldStartWithGetAnApostrophe() throws IOException {
        assertEquals("\uFEFF'=1+1,'+86 138,'-2,'@SUM(A1),'\tx,\"'\rx\",a=b\r\n",
                written("=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx", "a=b"));
    }

    @Test
    void nullsAreEmptyAndInstantsAreLocalTimesOfTheZone() throws IOException {
        assertEquals("\uFEFF,2024-03-10 10:00:00,600\r\n", written(null, Instant.parse("2024-03-10T02:00:00Z"), 600L));
    }
}
