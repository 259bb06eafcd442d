package codec

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// fuzzMethods are the methods FuzzDecode decodes each input as a response to.
var fuzzMethods = []string{MethodCallTool, MethodInitialize, MethodListTools, MethodPing}

// FuzzDecode runs both codecs on the same input, as a request and as a
// response to each typed method, and requires that they agree: both accept
// and decode the same message, or both reject it with the same error. An
// accepted message must also survive re-encoding by either codec and
// decoding by the other. The seed corpus is testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	req, err := EchoRequest(IntID(firstID), 1024)
	if err != nil {
		f.Fatal(err)
	}
	data, err := Std{}.AppendRequest(nil, &req)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var env envelope
		if scan(data, &env) == nil && !json.Valid(data) {
			t.Fatalf("scan accepted what encoding/json calls invalid: %q", data)
		}

		var rs, re Request
		es := Std{}.DecodeRequest(data, &rs)
		ee := Easy{}.DecodeRequest(data, &re)
		sameError(t, "request", es, ee)
		if rs.ID != re.ID {
			t.Fatalf("request ids differ: encoding/json %s, easyjson %s", rs.ID, re.ID)
		}
		if es == nil {
			if !reflect.DeepEqual(rs, re) {
				t.Fatalf("requests differ:\nencoding/json %+v\neasyjson      %+v", rs, re)
			}
			roundTripRequest(t, &rs)
		}

		for _, method := range fuzzMethods {
			var ps, pe Response
			es := Std{}.DecodeResponse(data, method, &ps)
			ee := Easy{}.DecodeResponse(data, method, &pe)
			sameError(t, method+" response", es, ee)
			if ps.ID != pe.ID {
				t.Fatalf("%s response ids differ: encoding/json %s, easyjson %s", method, ps.ID, pe.ID)
			}
			if es == nil {
				if !equalResponse(ps, pe) {
					t.Fatalf("%s responses differ:\nencoding/json %+v\neasyjson      %+v", method, ps, pe)
				}
				roundTripResponse(t, method, &ps)
			}
		}
	})
}

// sameError fails unless a and b are both nil or are *Errors with the same
// code and message.
func sameError(t *testing.T, what string, a, b error) {
	t.Helper()
	if (a == nil) != (b == nil) {
		t.Fatalf("%s: encoding/json says %v, easyjson says %v", what, a, b)
	}
	if a == nil {
		return
	}
	var ea, eb *Error
	if !errors.As(a, &ea) || !errors.As(b, &eb) {
		t.Fatalf("%s: errors are not *Error: %T %v, %T %v", what, a, a, b, b)
	}
	if *ea != *eb {
		t.Fatalf("%s: encoding/json %v, easyjson %v", what, ea, eb)
	}
}

// roundTripRequest encodes req with each codec and decodes the bytes with
// each, expecting req back.
func roundTripRequest(t *testing.T, req *Request) {
	t.Helper()
	for _, enc := range codecs {
		data, err := enc.AppendRequest(nil, req)
		if err != nil {
			t.Fatalf("%s cannot encode a decoded request %+v: %v", enc.Name(), req, err)
		}
		for _, dec := range codecs {
			var got Request
			if err := dec.DecodeRequest(data, &got); err != nil {
				t.Fatalf("%s cannot decode %s's %q: %v", dec.Name(), enc.Name(), data, err)
			}
			if !reflect.DeepEqual(&got, req) {
				t.Fatalf("%s → %s changed the request:\n got %+v\nwant %+v", enc.Name(), dec.Name(), got, *req)
			}
		}
	}
}

// roundTripResponse is roundTripRequest for a response to method.
func roundTripResponse(t *testing.T, method string, resp *Response) {
	t.Helper()
	for _, enc := range codecs {
		data, err := enc.AppendResponse(nil, resp)
		if err != nil {
			t.Fatalf("%s cannot encode a decoded response %+v: %v", enc.Name(), resp, err)
		}
		for _, dec := range codecs {
			var got Response
			if err := dec.DecodeResponse(data, method, &got); err != nil {
				t.Fatalf("%s cannot decode %s's %q: %v", dec.Name(), enc.Name(), data, err)
			}
			if !equalResponse(got, *resp) {
				t.Fatalf("%s → %s changed the response:\n got %+v\nwant %+v", enc.Name(), dec.Name(), got, *resp)
			}
		}
	}
}
