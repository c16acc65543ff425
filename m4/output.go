package m4

import "sort"

// Output goes to the current diversion: 0 is standard output, a positive
// number an in-memory diversion flushed in numeric order at the end, a
// negative number discards. With -s (sync lines) a "#line N" directive is
// written whenever the output line and the input line of the token being
// output differ, as GNU m4 does.

// output writes the text of a token that started on input line line.
func (in *Interp) output(s string, line int) {
	if in.curDiv < 0 || s == "" {
		return
	}
	if !in.opt.SyncLines {
		in.writeOutput(s)
		return
	}
	if in.atLineHead {
		in.atLineHead = false
		in.outLine++
		if in.outLine != line {
			d := "#line " + itoa(line)
			if in.outLine < 1 && in.curFile != "" {
				d += " \"" + in.curFile + "\""
			}
			in.writeOutput(d + "\n")
			in.outLine = line
		}
	}
	in.writeOutput(s)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			in.atLineHead = true
		}
	}
}

// writeOutput writes text to the current diversion without sync lines.
func (in *Interp) writeOutput(s string) {
	switch {
	case in.curDiv < 0:
	case in.curDiv == 0:
		in.stdout.WriteString(s)
	default:
		d := in.divs[in.curDiv]
		*d = append(*d, s...)
	}
}

func (in *Interp) makeDiversion(n int) {
	if n == in.curDiv {
		return
	}
	in.curDiv = n
	if n > 0 && in.divs[n] == nil {
		in.divs[n] = new([]byte)
	}
	in.outLine = -1
}

// insertDiversion appends diversion n to the current output and empties it.
func (in *Interp) insertDiversion(n int) {
	if n < 0 || n == in.curDiv {
		return
	}
	d := in.divs[n]
	if d == nil {
		return
	}
	if len(*d) > 0 {
		in.writeOutput(string(*d))
		in.outLine = -1
	}
	delete(in.divs, n)
}

func (in *Interp) undivertAll() {
	nums := make([]int, 0, len(in.divs))
	for n := range in.divs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		in.insertDiversion(n)
	}
}
