package report

import (
	"html"
	"strings"
	"unicode/utf8"
)

// table is rows of cells with a header; right marks right-aligned columns.
type table struct {
	head  []string
	rows  [][]string
	right []bool
}

func (t *table) widths() []int {
	w := make([]int, len(t.head))
	for _, r := range append([][]string{t.head}, t.rows...) {
		for i, c := range r {
			w[i] = max(w[i], utf8.RuneCountInString(c))
		}
	}
	return w
}

// text writes the table with columns padded by two spaces, each line
// prefixed by indent and without trailing blanks.
func (t *table) text(b *strings.Builder, indent string) {
	w := t.widths()
	line := func(r []string) {
		var l strings.Builder
		l.WriteString(indent)
		for i, c := range r {
			pad := strings.Repeat(" ", w[i]-utf8.RuneCountInString(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if t.right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(t.head)
	for _, r := range t.rows {
		line(r)
	}
}

// markdown writes a GitHub-flavoured Markdown table.
func (t *table) markdown(b *strings.Builder) {
	row := func(r []string) {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteByte('\n')
	}
	row(t.head)
	b.WriteString("|")
	for i := range t.head {
		if t.right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteByte('\n')
	for _, r := range t.rows {
		row(r)
	}
}

// html writes the table as an HTML <table> with escaped cells.
func (t *table) html(b *strings.Builder, class string) {
	b.WriteString(`<table class="` + class + `">` + "\n<thead><tr>")
	for i, c := range t.head {
		b.WriteString("<th" + t.align(i) + ">" + html.EscapeString(c) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.rows {
		b.WriteString("<tr>")
		for i, c := range r {
			tag := "td"
			if i == 0 {
				tag = "th"
			}
			b.WriteString("<" + tag + t.align(i) + ">" + html.EscapeString(c) + "</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
}

func (t *table) align(i int) string {
	if t.right[i] {
		return ` class="num"`
	}
	return ""
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`,
	"\n", " ",
)

// mdEscape makes s safe as Markdown inline text (a table cell, a heading).
func mdEscape(s string) string { return mdReplacer.Replace(s) }
