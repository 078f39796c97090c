package scopes

import "testing"

func TestEveryAssignableScopeOpensSomething(t *testing.T) {
	opened := map[string]bool{}
	for _, row := range AccessTable {
		for _, s := range row.Scopes {
			if !Known(s) {
				t.Errorf("row %s names unknown scope %q", row.Prefix, s)
			}
			opened[s] = true
		}
	}
	for _, s := range Assignable() {
		if !opened[s.Name] {
			t.Errorf("scope %s opens no path", s.Name)
		}
		for _, c := range s.Children {
			if !opened[c.Name] {
				t.Errorf("child scope %s opens no path", c.Name)
			}
		}
	}
}

func TestAuthorize(t *testing.T) {
	cases := []struct {
		name           string
		method, path   string
		granted        []string
		allowed, depr  bool
		listed, emulat bool
	}{
		{"am scope opens am", "GET", "/am/json/realms/root/realms/alpha/users", []string{"fr:am:*"}, true, false, true, false},
		{"am scope never opens token endpoint", "POST", "/am/oauth2/access_token", []string{"fr:am:*"}, false, false, true, false},
		{"am scope does not open idm", "GET", "/openidm/managed/alpha_user", []string{"fr:am:*"}, false, false, true, false},
		{"idm opens idm", "GET", "/openidm/managed/alpha_user", []string{"fr:idm:*"}, true, false, true, false},
		{"esv read reads variables", "GET", "/environment/variables/esv-x", []string{"fr:idc:esv:read"}, true, false, true, true},
		{"esv read cannot write", "PUT", "/environment/variables/esv-x", []string{"fr:idc:esv:read"}, false, false, true, true},
		{"esv update writes secrets", "DELETE", "/environment/secrets/esv-x", []string{"fr:idc:esv:update"}, true, false, true, true},
		{"esv update cannot restart", "POST", "/environment/startup", []string{"fr:idc:esv:update"}, false, false, true, true},
		{"esv restart restarts", "POST", "/environment/startup", []string{"fr:idc:esv:restart"}, true, false, true, true},
		{"esv parent covers all", "POST", "/environment/startup", []string{"fr:idc:esv:*"}, true, false, true, true},
		{"idm opens esv deprecated", "PUT", "/environment/variables/esv-x", []string{"fr:idm:*"}, true, true, true, true},
		{"esv scope preferred over deprecated", "GET", "/environment/variables", []string{"fr:idm:*", "fr:idc:esv:read"}, true, false, true, true},
		{"cert read lists", "GET", "/environment/certificates", []string{"fr:idc:certificate:read"}, true, false, true, true},
		{"cert read cannot write", "POST", "/environment/certificates", []string{"fr:idc:certificate:read"}, false, false, true, true},
		{"segment boundary", "GET", "/environment/variablesX", []string{"fr:idc:esv:*"}, false, false, false, false},
		{"federation never", "GET", "/environment/federation/enforcement", []string{"fr:idc:federation:*", "fr:am:*", "fr:idm:*"}, false, false, true, false},
		{"proxy read", "GET", "/environment/proxy-connect/ip-rules", []string{"fr:idc:proxy-connect:read"}, true, false, true, false},
		{"proxy read no write", "PUT", "/environment/proxy-connect/ip-rules", []string{"fr:idc:proxy-connect:read"}, false, false, true, false},
		{"proxy write writes", "PUT", "/environment/proxy-connect/ip-rules", []string{"fr:idc:proxy-connect:write"}, true, false, true, false},
		{"unlisted path", "GET", "/elsewhere", []string{"fr:am:*"}, false, false, false, false},
		{"unknown method", "OPTIONS", "/environment/variables", []string{"fr:idc:esv:*"}, false, false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Authorize(tc.method, tc.path, tc.granted)
			if d.Allowed != tc.allowed || d.Deprecated != tc.depr || d.Listed != tc.listed || d.Emulated != tc.emulat {
				t.Fatalf("Authorize(%s %s, %v) = %+v", tc.method, tc.path, tc.granted, d)
			}
		})
	}
}
