//! The Local Auth List Management profile: SendLocalList (full or differential) and
//! GetLocalListVersion.

use ladeklar_ocpp::v16::messages::send_local_list::SendLocalListRequest;
use ladeklar_ocpp::v16::types::UpdateType;
use serde_json::json;

use super::{to_json, Answer, Charger};

pub(super) fn send_local_list(charger: &mut Charger<'_>, req: SendLocalListRequest) -> Answer {
    let st = &mut *charger.state;
    if req.update_type == UpdateType::Full {
        st.local_list.clear();
    }
    for entry in req.local_authorization_list.unwrap_or_default() {
        match entry.id_tag_info {
            Some(info) => {
                st.local_list.insert(entry.id_tag, to_json(&info));
            }
            None => {
                st.local_list.remove(&entry.id_tag);
            }
        }
    }
    st.local_list_version = req.list_version;
    Answer::status("Accepted")
}

pub(super) fn get_local_list_version(charger: &mut Charger<'_>) -> Answer {
    Answer::reply(json!({"listVersion": charger.state.local_list_version}))
}
