package ruleset

import (
	"strings"

	"github.com/gosendmail/gosendmail/maps"
)

// This file adapts the maps package to the engine: it opens the K-line
// maps, and implements here what sendmail builds in and the maps
// package does not do the way the engine needs: the "host" map
// ($[ $] with getcanonname, -a. appended) and status codes for
// arith.

func (c *Config) mapEnvironment() *maps.Env {
	if c.mapEnv != nil {
		return c.mapEnv
	}
	c.mapEnv = &maps.Env{
		ServiceSwitch: c.switchFile,
		HostsFile:     c.hostsFile,
		LocalHost:     c.macros["j"],
		RegexDelim:    "\x9b",
		SetMacro: func(name, value string, set bool) {
			name = strings.TrimSuffix(strings.TrimPrefix(name, "{"), "}")
			if set {
				c.macros[name] = value
			} else {
				delete(c.macros, name)
			}
		},
	}
	c.mapEnv.Map = func(name string) (maps.Map, bool) {
		m, ok := c.mapOpen[name]
		return m, ok
	}
	return c.mapEnv
}

// openMaps opens every declared map, as sendmail does after reading its
// configuration, and declares the built-in host map.
func (c *Config) openMaps() {
	env := c.mapEnvironment()
	for _, name := range c.mapOrder {
		spec := c.mapSpec[name]
		if spec.Class == "host" || spec.Class == "arith" {
			continue
		}
		m, err := maps.Open(spec, env)
		if err != nil {
			c.mapErr[name] = err
			continue
		}
		c.mapOpen[name] = m
	}
	if _, ok := c.mapSpec["host"]; !ok {
		s, _ := maps.ParseSpec("host", "host", "-a. -D")
		c.mapSpec["host"] = s
	}
}

// spaceSub is the character put between atoms of a lookup key: the
// map's -S or the BlankSub option.
func (c *Config) spaceSub(s *maps.Spec) byte {
	if s.SpaceSub != 0 {
		return s.SpaceSub
	}
	return c.blankSub
}

// mapLookup looks key up in the named map: value, found, status.
func (c *Config) mapLookup(name, key string, args []string) (string, bool, int) {
	spec := c.mapSpec[name]
	if spec == nil {
		return "", false, exOK
	}
	switch spec.Class {
	case "host":
		return c.hostMapLookup(spec, key)
	case "arith":
		return arithLookup(spec, key, args)
	}
	m := c.mapOpen[name]
	if m == nil {
		if spec.Optional {
			return "", false, exOK
		}
		return "", false, exUnavail
	}
	v, ok, err := m.Lookup(key, args)
	if err != nil {
		if maps.IsTemp(err) {
			if spec.TempAppend != "" {
				return key + spec.TempAppend, true, exTempFail
			}
			return "", false, exTempFail
		}
		return "", false, exUnavail
	}
	return v, ok, exOK
}

func (c *Config) hostMapLookup(spec *maps.Spec, key string) (string, bool, int) {
	if strings.HasPrefix(key, "[") {
		return "", false, exOK
	}
	v, ok := c.getcanonname(key)
	if !ok {
		return "", false, exNoHost
	}
	if spec.MatchOnly {
		v = key
	}
	return v + spec.Append, true, exOK
}

const exNoHost = 68

func arithLookup(spec *maps.Spec, key string, args []string) (string, bool, int) {
	if len(args) < 2 || len(key) != 1 {
		return "", false, exConfig
	}
	v, ok := maps.Arith(key[0], maps.Atol(args[0]), maps.Atol(args[1]))
	if !ok {
		return "", false, exConfig
	}
	return v + spec.Append, true, exOK
}
