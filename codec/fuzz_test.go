package codec

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// fuzzMethods are the methods FuzzDecode decodes each input as a response to.
var fuzzMethods = []string{MethodCallTool, MethodInitialize, MethodListTools, MethodPing}

// FuzzDecode runs every codec on the same input, as a request and as a
// response to each typed method, and requires that they agree with the
// first (encoding/json into maps): all accept and decode the same message,
// or all reject it with the same error. An accepted message must also
// survive re-encoding by any codec and decoding by any other. The seed
// corpus is testdata/fuzz/FuzzDecode; CI runs it, and a short fuzzing run.
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
		ref := codecs[0]
		var want Request
		wantErr := ref.DecodeRequest(data, &want)
		for _, c := range codecs[1:] {
			var got Request
			err := c.DecodeRequest(data, &got)
			sameError(t, c.Name()+" request", wantErr, err)
			if got.ID != want.ID {
				t.Fatalf("request ids differ: %s %s, %s %s", ref.Name(), want.ID, c.Name(), got.ID)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("requests differ:\n%s %+v\n%s %+v", ref.Name(), want, c.Name(), got)
			}
		}
		if wantErr == nil {
			roundTripRequest(t, &want)
		}
		for _, method := range fuzzMethods {
			var want Response
			wantErr := ref.DecodeResponse(data, method, &want)
			for _, c := range codecs[1:] {
				var got Response
				err := c.DecodeResponse(data, method, &got)
				sameError(t, c.Name()+" "+method+" response", wantErr, err)
				if got.ID != want.ID {
					t.Fatalf("%s response ids differ: %s %s, %s %s", method, ref.Name(), want.ID, c.Name(), got.ID)
				}
				if wantErr == nil && !equalResponse(got, want) {
					t.Fatalf("%s responses differ:\n%s %+v\n%s %+v", method, ref.Name(), want, c.Name(), got)
				}
			}
			if wantErr == nil {
				roundTripResponse(t, method, &want)
			}
		}
	})
}

// sameError fails unless a (the reference codec's) and b are both nil or
// are *Errors with the same code and message.
func sameError(t *testing.T, what string, a, b error) {
	t.Helper()
	if (a == nil) != (b == nil) {
		t.Fatalf("%s: encoding/json says %v, this codec says %v", what, a, b)
	}
	if a == nil {
		return
	}
	var ea, eb *Error
	if !errors.As(a, &ea) || !errors.As(b, &eb) {
		t.Fatalf("%s: errors are not *Error: %T %v, %T %v", what, a, a, b, b)
	}
	if *ea != *eb {
		t.Fatalf("%s: encoding/json %v, this codec %v", what, ea, eb)
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
