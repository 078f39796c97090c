package svcacct

import (
	"github.com/pingclone/aic-console/tenant/crest/query"
	"github.com/pingclone/aic-console/tenant/store"
)

// Members are the object's members as a set, for _fields.
type Members uint16

const (
	MemberName Members = 1 << iota
	MemberDescription
	MemberAccountStatus
	MemberScopes
	MemberJWKS
	memberMaxCachingTime
	memberMaxIdleTime
	memberMaxSessionTime
	memberQuotaLimit

	// AllMembers is every member (no _fields, or "*").
	AllMembers = MemberName | MemberDescription | MemberAccountStatus | MemberScopes | MemberJWKS |
		memberMaxCachingTime | memberMaxIdleTime | memberMaxSessionTime | memberQuotaLimit
)

var memberNames = map[string]Members{
	"name": MemberName, "description": MemberDescription, "accountStatus": MemberAccountStatus,
	"scopes": MemberScopes, "jwks": MemberJWKS,
	"maxCachingTime": memberMaxCachingTime, "maxIdleTime": memberMaxIdleTime,
	"maxSessionTime": memberMaxSessionTime, "quotaLimit": memberQuotaLimit,
}

// FieldMembers is the set of members _fields selects (query.Project's rule:
// none listed means all; names the object lacks select nothing; _id and _rev
// are always present).
func FieldMembers(fields []string) Members {
	if len(fields) == 0 {
		return AllMembers
	}
	var m Members
	for _, f := range fields {
		m |= memberNames[f]
	}
	return m
}

// AppendJSON appends the members m of a's object as JSON: the same bytes
// json.Marshal(query.Project(Object(a), fields)) gives for fields selecting
// m (members in sorted key order, as encoding/json writes a map).
func AppendJSON(dst []byte, a store.SvcAcct, m Members) []byte {
	dst = append(dst, `{"_id":`...)
	dst = query.AppendJSONString(dst, a.ID)
	dst = append(dst, `,"_rev":`...)
	dst = query.AppendJSONString(dst, a.Rev)
	if m&MemberAccountStatus != 0 {
		dst = append(dst, `,"accountStatus":`...)
		dst = query.AppendJSONString(dst, a.AccountStatus)
	}
	if m&MemberDescription != 0 {
		dst = append(dst, `,"description":`...)
		if a.Description == nil {
			dst = append(dst, "null"...)
		} else {
			dst = query.AppendJSONString(dst, *a.Description)
		}
	}
	if m&MemberJWKS != 0 {
		dst = append(dst, `,"jwks":`...)
		dst = query.AppendJSONString(dst, a.JWKS)
	}
	if m&memberMaxCachingTime != 0 {
		dst = append(dst, `,"maxCachingTime":"`+maxCachingTime+`"`...)
	}
	if m&memberMaxIdleTime != 0 {
		dst = append(dst, `,"maxIdleTime":"`+maxIdleTime+`"`...)
	}
	if m&memberMaxSessionTime != 0 {
		dst = append(dst, `,"maxSessionTime":"`+maxSessionTime+`"`...)
	}
	if m&MemberName != 0 {
		dst = append(dst, `,"name":`...)
		dst = query.AppendJSONString(dst, a.Name)
	}
	if m&memberQuotaLimit != 0 {
		dst = append(dst, `,"quotaLimit":"`+quotaLimit+`"`...)
	}
	if m&MemberScopes != 0 {
		dst = append(dst, `,"scopes":[`...)
		for i, s := range a.Scopes {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = query.AppendJSONString(dst, s)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}
