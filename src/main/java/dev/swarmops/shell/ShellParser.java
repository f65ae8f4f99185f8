package dev.swarmops.shell;

import org.jline.reader.impl.DefaultParser;

/**
 * Groovy-aware enough for a REPL: an unclosed bracket continues on the next line, and words for
 * completion end at Groovy punctuation, so {@code nodes.get('gpu-} completes {@code gpu-}.
 */
final class ShellParser extends DefaultParser {

    ShellParser() {
        setEofOnUnclosedBracket(Bracket.CURLY, Bracket.ROUND, Bracket.SQUARE);
        setQuoteChars(new char[0]);
        setEscapeChars(new char[0]);
    }

    @Override
    public boolean isDelimiterChar(CharSequence buffer, int pos) {
        char c = buffer.charAt(pos);
        // brackets stay words' own characters: the parser must see them to continue an open block
        return Character.isWhitespace(c) || ",'\"=+;".indexOf(c) >= 0;
    }
}
