package report

import (
	"io"
	"strings"
	"unicode/utf8"
)

// facts writes label/value pairs with the values aligned.
func facts(b *strings.Builder, indent string, kv [][2]string) {
	w := 0
	for _, f := range kv {
		w = max(w, utf8.RuneCountInString(f[0]))
	}
	for _, f := range kv {
		b.WriteString(indent + f[0] + strings.Repeat(" ", w-utf8.RuneCountInString(f[0])+2) + f[1] + "\n")
	}
}

func writeText(w io.Writer, d *doc) error {
	var b strings.Builder
	title := "mcptop report"
	if d.source != "" {
		title += ": " + d.source
	}
	b.WriteString(title + "\n")
	facts(&b, "", d.header)
	for _, v := range d.runs {
		b.WriteString("\n" + v.title + "\n" + strings.Repeat("=", utf8.RuneCountInString(v.title)) + "\n")
		facts(&b, "", v.facts)
		b.WriteByte('\n')
		v.table.text(&b, "")
		b.WriteByte('\n')
		if v.calibration != nil {
			v.calibration.text(&b, "")
			b.WriteByte('\n')
		}
		if v.methods != nil {
			b.WriteString("by method (ops/s over the side's active time: the methods add up to the total)\n")
			v.methods.text(&b, "")
			b.WriteByte('\n')
		}
		kv := [][2]string{{v.ratioOf, v.ratio}, {"verdict", v.verdict}}
		for _, e := range v.errors {
			k, msg, _ := strings.Cut(e, " last error: ")
			kv = append(kv, [2]string{k + " last error", msg})
		}
		facts(&b, "", kv)
	}
	if d.capacity != nil {
		d.capacity.text(&b, false)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeMarkdown(w io.Writer, d *doc) error {
	var b strings.Builder
	title := "mcptop report"
	if d.source != "" {
		title += ": " + d.source
	}
	b.WriteString("# " + mdEscape(title) + "\n\n")
	for _, h := range d.header {
		b.WriteString("- **" + mdEscape(h[0]) + "**: " + mdEscape(h[1]) + "\n")
	}
	for _, v := range d.runs {
		b.WriteString("\n## " + mdEscape(v.title) + "\n\n")
		for _, f := range v.facts {
			b.WriteString("- **" + mdEscape(f[0]) + "**: " + mdEscape(f[1]) + "\n")
		}
		b.WriteByte('\n')
		v.table.markdown(&b)
		if v.calibration != nil {
			b.WriteByte('\n')
			v.calibration.markdown(&b)
		}
		if v.methods != nil {
			b.WriteString("\nBy method (ops/s over the side's active time: the methods add up to the total):\n\n")
			v.methods.markdown(&b)
		}
		b.WriteString("\n**Verdict: " + mdEscape(v.verdict) + "** — " + mdEscape(v.ratioOf) + " " + mdEscape(v.ratio) + "\n")
		for _, e := range v.errors {
			b.WriteString("\n> " + mdEscape(e) + "\n")
		}
	}
	if d.capacity != nil {
		d.capacity.text(&b, true)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
