package getopt

import (
	"fmt"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-Nf", "-t:", "hash", "m", "-u"}, "[{78 } {102 } {116 :} {117 }] [hash m] <nil>"},
		{[]string{"-t", ":", "--", "-u", "x"}, "[{116 :}] [-u x] <nil>"},
		{[]string{"-D;", "-", "x"}, "[{68 ;}] [- x] <nil>"},
		{[]string{"-z"}, "[] [] prog: invalid option -- 'z'"},
		{[]string{"hash", "-t"}, "[] [hash] prog: option requires an argument -- 't'"},
	} {
		o, a, err := Parse("prog", "D:Nft:u", c.args)
		if got := fmt.Sprint(o, a, err); got != c.want {
			t.Errorf("%q: got %s want %s", c.args, got, c.want)
		}
	}
	t.Setenv("POSIXLY_CORRECT", "1")
	o, a, _ := Parse("prog", "u", []string{"x", "-u"})
	if len(o) != 0 || len(a) != 2 {
		t.Errorf("POSIXLY_CORRECT: %v %v", o, a)
	}
}
