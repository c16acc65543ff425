// Numeric argument parsing shared by the builtins that take numbers
// (incr, decr, eval's radix and width, substr, ...) and by format.
//
// GNU m4 1.4.19 converts such arguments with C's strtol in base 10 and keeps
// the result in a C int, so the rules reproduced here are:
//
//   - the empty string is 0, with the warning
//     "empty string treated as 0 in builtin `NAME'";
//   - leading white space (space, \t, \n, \v, \f, \r) is skipped with the
//     warning "leading whitespace ignored in builtin `NAME'";
//   - an optional sign and at least one decimal digit must follow, and
//     nothing else may follow them (trailing white space included); otherwise
//     the warning is "non-numeric argument to builtin `NAME'" and the builtin
//     does nothing;
//   - a value outside the range of a 64-bit long saturates and warns
//     "numeric overflow detected in builtin `NAME'"; the (possibly
//     saturated) long is then truncated to 32 bits without any warning.
//
// GNU m4 handles builtin arguments as C strings, so everything from the first
// NUL byte of an argument on is ignored.
package m4

import "strings"

// numericArg parses a numeric builtin argument as GNU m4 does; see the file
// comment for the rules. builtin is the macro name used in the messages.
func numericArg(builtin, s string, diag func(string)) (n int, ok bool) {
	s = numCString(s)
	if s == "" {
		diag("empty string treated as 0 in builtin `" + builtin + "'")
		return 0, true
	}
	v, end, overflow := numStrtol(s)
	if end != len(s) {
		diag("non-numeric argument to builtin `" + builtin + "'")
		return 0, false
	}
	if numIsSpace(s[0]) {
		diag("leading whitespace ignored in builtin `" + builtin + "'")
	} else if overflow {
		diag("numeric overflow detected in builtin `" + builtin + "'")
	}
	return int(int32(v)), true
}

// numCString returns s up to (not including) its first NUL byte, the way a C
// function sees a string.
func numCString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// numIsSpace reports whether c is white space in the C locale.
func numIsSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// numStrtol mimics C strtol(s, &end, 10) with a 64-bit long: it skips
// leading white space, accepts an optional sign and decimal digits, and
// saturates on overflow. end is the number of bytes consumed (0 when no
// digits were found).
func numStrtol(s string) (v int64, end int, overflow bool) {
	i := 0
	for i < len(s) && numIsSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var mag uint64
	const limit = uint64(1) << 63 // magnitude of LONG_MIN
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if !overflow {
			if mag > (limit-d)/10 {
				overflow = true
			} else {
				mag = mag*10 + d
			}
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	switch {
	case neg && (overflow || mag > limit):
		return -1 << 63, i, true
	case neg:
		return -int64(mag), i, false
	case overflow || mag > limit-1:
		return 1<<63 - 1, i, true
	}
	return int64(mag), i, false
}
